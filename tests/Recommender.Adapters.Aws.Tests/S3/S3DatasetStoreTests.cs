using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Tests.Peers;
using Recommender.Contracts;
using Recommender.Core.Datasets;

namespace Recommender.Adapters.Aws.Tests.S3;

/// <summary>The S3 dataset store on s3rver: the dataset store contract, and the URIs Personalize imports from.</summary>
[Collection(S3Peer.Name)]
public sealed class S3DatasetStoreTests(S3rverFixture s3rver) : DatasetStoreContract, IAsyncLifetime
{
    /// <summary>s3rver checks signatures, and knows this one key pair.</summary>
    private static readonly Amazon.Runtime.BasicAWSCredentials S3rverCredentials = new("S3RVER", "S3RVER");

    // Every test gets a prefix of its own in the shared bucket, so one test's runs are never another's.
    private readonly string _prefix = $"datasets-{Guid.NewGuid():N}/";
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _services = AwsServices.Build(new()
        {
            ["Aws:CreateMissingResources"] = "true",
            ["Aws:S3:ServiceUrl"] = s3rver.Peer.Url.ToString(),
            ["Aws:S3:DatasetsBucket"] = "recommender-datasets",
            ["Aws:S3:Prefix"] = _prefix,
        }, services => services.AddSingleton<Amazon.Runtime.AWSCredentials>(S3rverCredentials));
        await AwsServices.StartAsync(_services);
    }

    public async Task DisposeAsync() => await _services.DisposeAsync();

    protected override IDatasetStore Store => _services.GetRequiredService<IDatasetStore>();

    [Fact]
    public async Task a_stored_files_uri_is_the_s3_uri_personalize_imports()
    {
        const string csv = "USER_ID,ITEM_ID,TIMESTAMP,EVENT_TYPE\nu1,t1,1763748000,complete\n";

        var uri = await Store.PutAsync("2026-11-21", "interactions.csv", new MemoryStream(Encoding.UTF8.GetBytes(csv)), default);

        uri.ShouldBe($"s3://recommender-datasets/{_prefix}2026-11-21/interactions.csv");
    }
}
