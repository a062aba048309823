using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts;
using Recommender.Core.Access;
using Recommender.Hosting.Security;

namespace Ingestion.Api.Tests;

/// <summary>API keys on POST /v1/events: open until the first key, then a valid key with "ingest", held to its user when bound.</summary>
public sealed class ApiKeyTests : IDisposable
{
    private readonly IngestionApiFactory _factory = new();

    private Keyring Keys => _factory.Services.GetRequiredService<Keyring>();

    private async Task<string> CreateKeyAsync(string scopes, string? userId = null) =>
        (await Keys.CreateAsync(ApiScopes.Parse(scopes), userId, "test", CancellationToken.None)).Text;

    private async Task<HttpResponseMessage> PostAsync(string? key, Action<int, System.Text.Json.Nodes.JsonObject>? mutate = null, int count = 2)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = TestEvents.Json(TestEvents.Batch(count, mutate)) };
        if (key is not null) request.Headers.TryAddWithoutValidation("x-api-key", key);
        return await _factory.CreateClient().SendAsync(request);
    }

    [Fact]
    public async Task with_no_key_created_yet_the_api_is_open()
    {
        using var response = await PostAsync(null);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    [Fact]
    public async Task once_a_key_exists_a_request_without_a_valid_key_gets_401_and_nothing_is_appended()
    {
        var key = await CreateKeyAsync("ingest");
        var otherShape = ApiKeySecret.New().Text;
        string?[] presented = [null, "", "wrong", key[..^1], key[..^1] + (key[^1] == 'A' ? 'B' : 'A'), otherShape, key.ToUpperInvariant()];

        foreach (var attempt in presented)
        {
            using var response = await PostAsync(attempt);

            response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, $"key \"{attempt}\"");
            response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
            response.Headers.WwwAuthenticate.ToString().ShouldContain("x-api-key");
            var body = await response.Content.ReadAsStringAsync();
            body.ShouldNotContain(key[ApiKeySecret.Prefix.Length..]);
            if (attempt is { Length: > 0 }) body.ShouldNotContain(attempt);
        }
        (await _factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_ingest_key_posts_events()
    {
        var key = await CreateKeyAsync("ingest");

        using var response = await PostAsync(key, count: 3);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        (await _factory.ReadStreamAsync()).Count.ShouldBe(3);
    }

    [Fact]
    public async Task a_key_without_the_ingest_scope_gets_403_and_nothing_is_appended()
    {
        var key = await CreateKeyAsync("read,admin");

        using var response = await PostAsync(key);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("detail").GetString()!.ShouldContain("\"ingest\" scope");
        (await _factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_key_bound_to_a_user_cannot_post_another_users_event_and_the_batch_is_refused_whole()
    {
        var key = await CreateKeyAsync("ingest", userId: "alice");

        using var response = await PostAsync(key, (i, e) => e["user_id"] = i == 2 ? "bob" : "alice", count: 4);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var error = problem.RootElement.GetProperty("errors").EnumerateArray().ShouldHaveSingleItem();
        error.GetProperty("index").GetInt32().ShouldBe(2);
        error.GetProperty("field").GetString().ShouldBe("user_id");
        error.GetProperty("message").GetString()!.ShouldContain("\"bob\"");
        (await _factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_key_bound_to_a_user_posts_that_users_events()
    {
        var key = await CreateKeyAsync("ingest", userId: "alice");

        using var response = await PostAsync(key, (_, e) => e["user_id"] = "alice", count: 3);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        (await _factory.ReadStreamAsync()).Select(r => r.PartitionKey).ShouldAllBe(u => u == "alice");
    }

    [Fact]
    public async Task a_revoked_key_stops_working_and_revoking_the_last_key_does_not_reopen_the_api()
    {
        var (key, created) = await Keys.CreateAsync(ApiScopes.Parse("ingest"), null, null, CancellationToken.None);
        (await PostAsync(key)).StatusCode.ShouldBe(HttpStatusCode.Accepted);

        (await Keys.RevokeAsync(created.KeyId, CancellationToken.None)).ShouldBeTrue();

        (await PostAsync(key)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await PostAsync(null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task a_key_seeded_from_configuration_by_its_digest_is_accepted_and_its_text_is_nowhere_in_the_configuration()
    {
        var key = TestApiKeys.New();
        var seed = TestApiKeys.Seed(key, "ingest");
        foreach (var (name, value) in seed) _factory.Settings[name] = value;

        using var response = await PostAsync(key);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted);
        seed.Values.ShouldNotContain(key);
        (await PostAsync(null)).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task the_probes_need_no_key_and_the_openapi_document_needs_one()
    {
        await CreateKeyAsync("ingest");
        var client = _factory.CreateClient();

        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/openapi/v1.json")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await client.GetAsync("/no-such-path")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task with_require_api_keys_the_api_is_closed_before_any_key_exists()
    {
        _factory.Settings["Security:RequireApiKeys"] = "true";

        using var response = await PostAsync(null);

        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    public void Dispose() => _factory.Dispose();
}
