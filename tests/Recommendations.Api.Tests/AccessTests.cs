using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Access;
using Recommender.Hosting.Security;

namespace Recommendations.Api.Tests;

/// <summary>Once a key exists the serving endpoints need a "read" key, and a key bound to a user reads that user's data only.</summary>
public sealed class AccessTests : IDisposable
{
    // Its own API (not the shared fixture): creating a key closes the API for everyone who uses it.
    private readonly RecommendationsApiFactory _factory = new();

    private async Task<HttpClient> ClientWithKeyAsync(string scopes, string? userId = null)
    {
        var (key, _) = await _factory.Services.GetRequiredService<Keyring>().CreateAsync(ApiScopes.Parse(scopes), userId, null, CancellationToken.None);
        var client = _factory.CreateClient();
        client.DefaultRequestHeaders.Add("x-api-key", key);
        return client;
    }

    public static TheoryData<string> ReadEndpoints() =>
    [
        "/v1/recommendations?user_id=alice",
        "/v1/users/alice/profile",
        "/v1/users/alice/history",
        "/v1/tracks/jazz-track-01/related",
        "/v1/users/alice/stats",
        "/v1/stats",
    ];

    [Theory]
    [MemberData(nameof(ReadEndpoints))]
    public async Task once_a_key_exists_reading_without_one_is_401(string path)
    {
        await ClientWithKeyAsync("read");

        using var response = await _factory.CreateClient().GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [MemberData(nameof(ReadEndpoints))]
    public async Task an_ingest_only_key_cannot_read(string path)
    {
        var client = await ClientWithKeyAsync("ingest");

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task a_read_key_reads_anyones_recommendations()
    {
        var client = await ClientWithKeyAsync("read");

        (await client.GetAsync("/v1/recommendations?user_id=alice")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/v1/recommendations?user_id=bob")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/v1/users/bob/profile")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "allowed, and bob has no profile yet");
    }

    [Theory]
    [InlineData("/v1/recommendations?user_id=bob", "user_id")]
    [InlineData("/v1/users/bob/profile", "id")]
    [InlineData("/v1/users/bob/history", "id")]
    [InlineData("/v1/users/bob/stats", "id")]
    public async Task a_key_bound_to_alice_cannot_read_bobs_data(string path, string parameter)
    {
        var client = await ClientWithKeyAsync("read", userId: "alice");

        using var response = await client.GetAsync(path);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = problem.RootElement.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("field").GetString().ShouldBe(parameter);
        error.GetProperty("message").GetString()!.ShouldContain("\"bob\"");
    }

    [Fact]
    public async Task a_key_bound_to_alice_reads_her_own_data_popular_tracks_and_related_tracks()
    {
        var client = await ClientWithKeyAsync("read", userId: "alice");

        (await client.GetAsync("/v1/recommendations?user_id=alice")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/v1/recommendations")).StatusCode.ShouldBe(HttpStatusCode.OK, "popular tracks are nobody's data");
        (await client.GetAsync("/v1/users/alice/profile")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "allowed; alice has no profile yet");
        (await client.GetAsync("/v1/users/alice/history")).StatusCode.ShouldBe(HttpStatusCode.NotFound);
        (await client.GetAsync("/v1/users/alice/stats")).StatusCode.ShouldBe(HttpStatusCode.NotFound, "allowed; alice has no listening yet");
        (await client.GetAsync("/v1/stats")).StatusCode.ShouldBe(HttpStatusCode.OK, "everyone's totals name no listener");
        (await client.GetAsync("/v1/tracks/jazz-track-01/related")).StatusCode.ShouldNotBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task a_key_bound_to_alice_cannot_rank_tracks_for_bob()
    {
        var client = await ClientWithKeyAsync("read", userId: "alice");

        using var forBob = await client.PostAsJsonAsync("/v1/rankings", new { user_id = "bob", track_ids = new[] { "jazz-track-01" } });
        using var forAlice = await client.PostAsJsonAsync("/v1/rankings", new { user_id = "alice", track_ids = new[] { "jazz-track-01" } });

        forBob.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        forAlice.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public void Dispose() => _factory.Dispose();
}
