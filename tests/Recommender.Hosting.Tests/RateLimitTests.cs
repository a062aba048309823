using System.Net;
using System.Text.Json;

namespace Recommender.Hosting.Tests;

/// <summary>Each key has its own token bucket: past it, 429 with Retry-After at once; other keys go on.</summary>
public sealed class RateLimitTests
{
    // Two requests per hour: nothing refills while a test runs, however slow the machine.
    private static readonly Dictionary<string, string?> TwoPerHour = new()
    {
        ["Security:RateLimit:Requests"] = "2",
        ["Security:RateLimit:Burst"] = "2",
        ["Security:RateLimit:Period"] = "01:00:00",
    };

    [Fact]
    public async Task a_key_past_its_limit_gets_429_with_retry_after_and_another_key_is_not_held_back()
    {
        await using var app = await SecuredApp.StartAsync(TwoPerHour);
        using var busy = app.Client(await app.CreateKeyAsync("read"));
        using var other = app.Client(await app.CreateKeyAsync("read"));

        (await busy.GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await busy.GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.OK);
        using var limited = await busy.GetAsync("/v1/things");

        limited.StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        limited.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        limited.Headers.RetryAfter!.Delta!.Value.ShouldBeGreaterThan(TimeSpan.Zero);
        using var problem = JsonDocument.Parse(await limited.Content.ReadAsStringAsync());
        problem.RootElement.GetProperty("status").GetInt32().ShouldBe(429);
        (await other.GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task the_probes_and_rejected_keys_do_not_spend_a_keys_tokens()
    {
        await using var app = await SecuredApp.StartAsync(TwoPerHour);
        using var client = app.Client(await app.CreateKeyAsync("read"));
        using var wrong = app.Client("rk_000000000000_" + new string('A', 43));

        for (var i = 0; i < 5; i++)
        {
            (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
            (await wrong.GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        }

        (await client.GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
    }

    [Fact]
    public async Task open_apis_with_no_key_are_not_limited_per_key()
    {
        await using var app = await SecuredApp.StartAsync(TwoPerHour);
        using var client = app.Client();

        for (var i = 0; i < 5; i++) (await client.GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.OK);
    }
}
