using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Archive;
using Recommender.Engine.Serving;

namespace Recommender.AllInOne.Tests;

/// <summary>
/// The de-duplication key is (user_id, event_id) end to end: a client that posts another listener's event id under its
/// own user first cannot make the platform drop that listener's event as a copy, on the stream, in the profile, in the
/// archive or in the engine; a true copy of the listener's event still counts once.
/// </summary>
public sealed class ListenerIsolationTests : IDisposable
{
    private const string SharedId = "evt-2026-12-01-0001";
    private readonly AllInOneFactory _factory = new();

    [Fact]
    public async Task one_client_cannot_suppress_another_listeners_event_by_reusing_its_id()
    {
        var client = _factory.CreateClient();
        var engine = _factory.Services.GetRequiredService<EmbeddedRecommender>();

        (await PostAsync(client, Event("mallory", "track-m"))).ShouldBe((1, 0));
        (await PostAsync(client, Event("alice", "track-a"))).ShouldBe((1, 0), "alice's event is new although mallory used its id");
        (await PostAsync(client, Event("alice", "track-a"))).ShouldBe((1, 1), "a resent copy of alice's event is a duplicate");
        await _factory.WaitForConsumersAsync(TimeSpan.FromSeconds(60));

        (await PlaysAsync(client, "alice")).ShouldBe(1);
        (await PlaysAsync(client, "mallory")).ShouldBe(1);
        engine.EventsTracked.ShouldBe(2);
        var archived = new List<(string, string)>();
        await foreach (var e in _factory.Services.GetRequiredService<IEventArchive>().ReadAsync(null, CancellationToken.None))
            archived.Add((e.UserId, e.TrackId));
        archived.Distinct().ShouldBe([("mallory", "track-m"), ("alice", "track-a")], ignoreOrder: true);
    }

    private static JsonObject Event(string user, string track) => new()
    {
        ["event_id"] = SharedId,
        ["user_id"] = user,
        ["track_id"] = track,
        ["event_type"] = "complete",
        ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
        ["ms_played"] = 190_000,
        ["track_duration_ms"] = 200_000,
    };

    private static async Task<(int Accepted, int Duplicates)> PostAsync(HttpClient client, JsonObject e)
    {
        var content = new StringContent(new JsonArray(e).ToJsonString());
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync("/v1/events", content);
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, body);
        var json = JsonDocument.Parse(body).RootElement;
        return (json.GetProperty("accepted").GetInt32(), json.GetProperty("duplicates").GetInt32());
    }

    private static async Task<long> PlaysAsync(HttpClient client, string user)
    {
        using var response = await client.GetAsync($"/v1/users/{user}/profile");
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.GetProperty("plays").GetInt64();
    }

    public void Dispose() => _factory.Dispose();
}
