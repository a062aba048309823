using System.Net;
using System.Text.Json.Nodes;
using Recommender.Contracts;
using Spotify.Fakes;

namespace SpotifyProducer.Tests;

/// <summary>
/// The link function's /readyz as deployed (datasets/deployment/spotify-link-environment.json names its readiness role):
/// its links table in dynalite and its token key in the KMS fake, the two dependencies datasets/deployment/readiness.json
/// declares for "spotify-links".
/// </summary>
public sealed class LinkFunctionReadinessTests : LinkFunctionPeers
{
    private static readonly Uri RedirectUri = new("https://links-api.execute-api.eu-west-1.amazonaws.com/v1/spotify/callback");

    [Fact]
    public async Task the_link_function_is_ready_listing_its_links_table_and_its_enabled_token_key()
    {
        var keyArn = Kms.CreateKey(KeyAlias);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var spotify = await FakeSpotify.StartAsync(clock);
        await using var host = new HostedProducer(spotify, clock, FunctionSettings(RedirectUri, "ready-links", createTables: true), Credentials);

        var (status, checks) = await ReadyzAsync(host);

        status.ShouldBe(HttpStatusCode.OK, string.Join("\n", checks));
        checks.Keys.Order().ShouldBe(["aws:spotify-links-table", "aws:spotify-token-key"]);
        checks["aws:spotify-links-table"].ShouldBe(("Healthy", "spotify-links-table (ready-links): ACTIVE"));
        checks["aws:spotify-token-key"].ShouldBe(("Healthy", $"spotify-token-key ({KeyAlias}): Enabled"));
        Kms.Calls.GetValueOrDefault("DescribeKey").ShouldBe(1);
        Kms.Refused.ShouldBeEmpty();
        Kms.ModelViolations.ShouldBeEmpty();

        // a disabled key seals nothing: once the cached answer expires the function is not ready
        Kms.Disable(keyArn);
        clock.Advance(TimeSpan.FromSeconds(31));
        var (after, afterChecks) = await ReadyzAsync(host);
        after.ShouldBe(HttpStatusCode.ServiceUnavailable);
        afterChecks["aws:spotify-token-key"].ShouldBe(("Unhealthy", $"spotify-token-key ({KeyAlias}): kms:DescribeKey says Disabled"));
    }

    [Fact]
    public async Task a_links_table_that_does_not_exist_is_unhealthy_naming_it()
    {
        Kms.CreateKey(KeyAlias);
        var clock = new ManualClock(DateTimeOffset.UtcNow);
        await using var spotify = await FakeSpotify.StartAsync(clock);
        // nothing creates the tables, as before `pulumi up` made them
        await using var host = new HostedProducer(spotify, clock, FunctionSettings(RedirectUri, "missing-links", createTables: false), Credentials);

        var (status, checks) = await ReadyzAsync(host);

        status.ShouldBe(HttpStatusCode.ServiceUnavailable);
        checks["aws:spotify-links-table"].ShouldBe(("Unhealthy", "spotify-links-table (missing-links): dynamodb:DescribeTable answered 400 ResourceNotFoundException"));
        checks["aws:spotify-token-key"].Status.ShouldBe("Healthy");
    }

    private static async Task<(HttpStatusCode Status, Dictionary<string, (string Status, string Description)> Checks)> ReadyzAsync(HostedProducer host)
    {
        using var client = host.Browser();
        using var response = await client.GetAsync("/readyz");
        var report = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        return (response.StatusCode, report["checks"]!.AsArray().Where(c => c!["name"]!.GetValue<string>().StartsWith("aws:", StringComparison.Ordinal))
            .ToDictionary(c => c!["name"]!.GetValue<string>(), c => (c!["status"]!.GetValue<string>(), c["description"]?.GetValue<string>() ?? "")));
    }
}
