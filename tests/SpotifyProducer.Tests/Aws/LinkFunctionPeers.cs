using Recommender.AwsFakes.Kms;
using Recommender.Contracts;

namespace SpotifyProducer.Tests;

/// <summary>
/// What the link function meets on AWS in these tests: its links table in dynalite and its token key in the KMS fake, and
/// the environment the Pulumi program gives it (datasets/deployment/spotify-link-environment.json) pointed at them.
/// </summary>
public abstract class LinkFunctionPeers : IAsyncLifetime
{
    protected static readonly Amazon.Runtime.BasicAWSCredentials Credentials = new("AKIDLOCALTEST", "local-test-secret");
    protected const string KeyAlias = "alias/spotify-tokens";
    protected NodePeer Dynamo { get; private set; } = null!;
    protected FakeKms Kms { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Kms = await FakeKms.StartAsync(Credentials);
        Dynamo = await NodePeer.StartAsync("dynalite");
    }

    public async Task DisposeAsync()
    {
        await Dynamo.DisposeAsync();
        await Kms.DisposeAsync();
    }

    /// <summary>The function's settings as deployed, plus where it finds AWS on its own: the region and the endpoints, here the peers.</summary>
    protected Dictionary<string, string?> FunctionSettings(Uri redirectUri, string linksTable, bool createTables)
    {
        var settings = SpotifyLinkFunction.Settings(new Dictionary<string, string>
        {
            ["redirectUri"] = redirectUri.AbsoluteUri,
            ["linksTableName"] = linksTable,
            ["profileTableName"] = "profiles",
            ["tokenKeyId"] = KeyAlias,
        });
        settings["Aws:Region"] = "us-east-1";
        settings["Aws:CreateMissingResources"] = createTables ? "true" : "false";
        settings["Aws:DynamoDb:ServiceUrl"] = Dynamo.Url.ToString();
        settings["Aws:Kms:ServiceUrl"] = Kms.Url.ToString();
        return settings;
    }
}
