using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ingestion.Api.Tests;

/// <summary>Contract-v1 event bodies for tests: valid by default, mutated per test.</summary>
public static class TestEvents
{
    public static JsonObject Valid(int i, string? userId = null) => new()
    {
        ["event_id"] = $"evt-{Guid.NewGuid():N}-{i}",
        ["user_id"] = userId ?? $"user-{i % 7}",
        ["track_id"] = $"track-{i}",
        ["event_type"] = "complete",
        ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-i).ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'"),
        ["ms_played"] = 180_000,
        ["track_duration_ms"] = 200_000,
        ["track"] = new JsonObject
        {
            ["name"] = $"Song {i}",
            ["artists"] = new JsonArray(new JsonObject { ["id"] = "artist-1", ["name"] = "The Testers" }),
            ["genres"] = new JsonArray("jazz"),
        },
    };

    public static JsonArray Batch(int count, Action<int, JsonObject>? mutate = null)
    {
        var array = new JsonArray();
        for (var i = 0; i < count; i++)
        {
            var e = Valid(i);
            mutate?.Invoke(i, e);
            array.Add(e);
        }
        return array;
    }

    public static StringContent Json(JsonNode body) => Json(body.ToJsonString());

    public static StringContent Json(string body, string contentType = "application/json") =>
        new(body, Encoding.UTF8, new MediaTypeHeaderValue(contentType));

    public static ByteArrayContent Bytes(byte[] body, string contentType = "application/json")
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType);
        return content;
    }

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.Clone();
    }
}
