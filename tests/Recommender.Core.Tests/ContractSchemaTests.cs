using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Core.Events;

namespace Recommender.Core.Tests;

public sealed class ContractSchemaTests
{
    private static string RepoFile(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, relative);
            if (File.Exists(path)) return path;
        }
        throw new FileNotFoundException($"{relative} not found above {AppContext.BaseDirectory}");
    }

    [Fact]
    public void the_archived_event_has_exactly_the_fields_of_the_contract_schema()
    {
        var schema = JsonNode.Parse(File.ReadAllText(RepoFile("datasets/schemas/playback-event-v1.json")))!;
        var fields = schema["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>()).ToList();
        var full = new PlaybackEvent
        {
            EventId = "e", UserId = "u", TrackId = "t", EventType = "play", OccurredAt = DateTimeOffset.UnixEpoch,
            MsPlayed = 1, TrackDurationMs = 2, SessionId = "s",
            Context = new PlaybackContext { Type = "album", Uri = "x" },
            Track = new TrackMetadata { Name = "n", Album = "a", ReleaseYear = 2000, Artists = [new ArtistRef { Id = "i", Name = "n" }], Genres = ["g"], AudioFeatures = new Dictionary<string, double> { ["energy"] = 1 } },
        };

        var json = JsonNode.Parse(EventJson.Serialize(full))!.AsObject();

        json.Select(p => p.Key).ShouldBe(fields);
        var trackFields = schema["fields"]!.AsArray().Single(f => f!["name"]!.GetValue<string>() == "track")!["type"]![1]!["fields"]!.AsArray().Select(f => f!["name"]!.GetValue<string>());
        json["track"]!.AsObject().Select(p => p.Key).ShouldBe(trackFields);
        var types = schema["fields"]![3]!["type"]!["symbols"]!.AsArray().Select(s => s!.GetValue<string>());
        types.ShouldBe(EventTypes.All, ignoreOrder: true);
    }

    [Fact]
    public void an_event_round_trips_through_its_json()
    {
        var e = new PlaybackEvent { EventId = "e", UserId = "u", TrackId = "t", EventType = "skip", OccurredAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero), MsPlayed = 5 };
        EventJson.Deserialize(EventJson.Serialize(e)).ShouldBe(e);
        Should.Throw<JsonException>(() => EventJson.Deserialize("null"u8));
    }

    [Fact]
    public void a_missing_session_id_is_filled_the_same_way_every_time()
    {
        var e = new PlaybackEvent { EventId = "e", UserId = "u", TrackId = "t", EventType = "skip", OccurredAt = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero) };
        var filled = SessionIds.EnsureSession(e);
        filled.SessionId.ShouldNotBeNullOrEmpty();
        filled.SessionId!.Length.ShouldBeLessThanOrEqualTo(EventContract.MaxSessionIdLength);
        SessionIds.EnsureSession(e).SessionId.ShouldBe(filled.SessionId);
        SessionIds.EnsureSession(e with { SessionId = "mine" }).SessionId.ShouldBe("mine");
    }
}
