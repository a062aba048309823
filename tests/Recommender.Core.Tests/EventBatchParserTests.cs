using System.Text;
using System.Text.Json.Nodes;
using Recommender.Core.Events;

namespace Recommender.Core.Tests;

public sealed class EventBatchParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static JsonObject Valid(int i = 0) => new()
    {
        ["event_id"] = $"e-{i}",
        ["user_id"] = "user-1",
        ["track_id"] = $"track-{i}",
        ["event_type"] = "complete",
        ["occurred_at"] = "2026-11-21T11:59:00Z",
        ["ms_played"] = 180000,
        ["track_duration_ms"] = 200000,
    };

    private static EventBatchParser.Result Parse(JsonNode body) => EventBatchParser.Parse(Encoding.UTF8.GetBytes(body.ToJsonString()), Now);

    private static FieldError SingleError(Action<JsonObject> change)
    {
        var e = Valid();
        change(e);
        var result = Parse(new JsonArray(Valid(1), e));
        result.Events.ShouldBeEmpty();
        var error = result.Errors.ShouldHaveSingleItem();
        error.Index.ShouldBe(1);
        return error;
    }

    [Fact]
    public void a_valid_array_parses_to_events()
    {
        var result = Parse(new JsonArray(Valid(0), Valid(1)));
        result.IsValid.ShouldBeTrue();
        result.Events.Select(e => e.EventId).ShouldBe(["e-0", "e-1"]);
        result.Events[0].FractionPlayed.ShouldBe(0.9);
        result.Events[0].OccurredAt.ShouldBe(new DateTimeOffset(2026, 11, 21, 11, 59, 0, TimeSpan.Zero));
    }

    [Fact]
    public void an_object_with_an_events_array_is_accepted() =>
        Parse(new JsonObject { ["events"] = new JsonArray(Valid()) }).Events.Count.ShouldBe(1);

    [Theory]
    [InlineData("{\"events\": 3}")]
    [InlineData("42")]
    [InlineData("\"text\"")]
    [InlineData("{\"other\": []}")]
    public void a_body_that_is_no_batch_is_rejected(string body)
    {
        var result = EventBatchParser.Parse(Encoding.UTF8.GetBytes(body), Now);
        result.Errors.ShouldHaveSingleItem().Field.ShouldBe("$");
    }

    [Fact]
    public void invalid_json_is_rejected_with_a_message() =>
        EventBatchParser.Parse("[{\"event_id\": "u8, Now).Errors.ShouldHaveSingleItem().Message.ShouldContain("not valid JSON");

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public void a_batch_must_hold_1_to_500_events(int count)
    {
        var array = new JsonArray();
        for (var i = 0; i < count; i++) array.Add(Valid(i));
        var error = Parse(array).Errors.ShouldHaveSingleItem();
        error.Field.ShouldBe("events");
        error.Index.ShouldBeNull();
    }

    [Fact]
    public void five_hundred_events_are_accepted()
    {
        var array = new JsonArray();
        for (var i = 0; i < 500; i++) array.Add(Valid(i));
        Parse(array).Events.Count.ShouldBe(500);
    }

    [Fact]
    public void a_body_over_one_mebibyte_is_rejected()
    {
        var body = new byte[EventContract.MaxRequestBytes + 1];
        EventBatchParser.Parse(body, Now).Errors.ShouldHaveSingleItem().Message.ShouldContain("limit");
    }

    [Fact]
    public void an_event_over_10_kb_is_rejected() =>
        SingleError(e => e["track"] = new JsonObject { ["name"] = new string('x', 1000), ["album"] = new string('y', 1000), ["genres"] = new JsonArray(Enumerable.Range(0, 40).Select(i => (JsonNode)JsonValue.Create(new string('g', 250))!).ToArray()) })
            .Field.ShouldBe("$");

    [Theory]
    [InlineData("event_id")]
    [InlineData("user_id")]
    [InlineData("track_id")]
    [InlineData("event_type")]
    [InlineData("occurred_at")]
    public void a_required_field_that_is_missing_is_named(string field)
    {
        var error = SingleError(e => e.Remove(field));
        error.Field.ShouldBe(field);
        error.Message.ShouldBe("is required");
    }

    [Theory]
    [InlineData("event_id", 65)]
    [InlineData("user_id", 257)]
    [InlineData("track_id", 257)]
    [InlineData("session_id", 257)]
    public void an_id_longer_than_its_limit_is_rejected(string field, int length) =>
        SingleError(e => e[field] = new string('a', length)).Field.ShouldBe(field);

    [Theory]
    [InlineData("event_id", 64)]
    [InlineData("user_id", 256)]
    [InlineData("track_id", 256)]
    public void an_id_at_its_limit_is_accepted(string field, int length)
    {
        var e = Valid();
        e[field] = new string('a', length);
        Parse(new JsonArray(e)).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("user_id")]
    [InlineData("track_id")]
    [InlineData("event_id")]
    public void an_empty_id_is_rejected(string field) =>
        SingleError(e => e[field] = "").Message.ShouldBe("must not be empty");

    [Theory]
    [InlineData("user_id", "bob\u0000")]
    [InlineData("track_id", "a\nb")]
    [InlineData("event_id", "x\u001by")]
    public void control_characters_are_rejected(string field, string value) =>
        SingleError(e => e[field] = value).Message.ShouldContain("control characters");

    [Theory]
    [InlineData("user_id", 7)]
    [InlineData("event_type", true)]
    public void a_field_of_the_wrong_type_is_named(string field, object value) =>
        SingleError(e => e[field] = JsonValue.Create(value)).Message.ShouldStartWith("must be a string");

    [Theory]
    [InlineData("play")]
    [InlineData("skip")]
    [InlineData("complete")]
    [InlineData("like")]
    [InlineData("dislike")]
    public void every_event_type_of_the_contract_is_accepted(string type)
    {
        var e = Valid();
        e["event_type"] = type;
        Parse(new JsonArray(e)).Events.Single().EventType.ShouldBe(type);
    }

    [Theory]
    [InlineData("listen")]
    [InlineData("PLAY")]
    public void an_unknown_event_type_is_rejected(string type) =>
        SingleError(e => e["event_type"] = type).Message.ShouldContain("must be one of");

    [Theory]
    [InlineData("2026-11-21T11:59:00+01:00")]
    [InlineData("2026-11-21T11:59:00.123456Z")]
    [InlineData("2026-11-21t11:59:00z")]
    public void rfc_3339_timestamps_are_accepted(string timestamp)
    {
        var e = Valid();
        e["occurred_at"] = timestamp;
        Parse(new JsonArray(e)).IsValid.ShouldBeTrue();
    }

    [Theory]
    [InlineData("2026-11-21T11:59:00")]
    [InlineData("2026-11-21")]
    [InlineData("21/11/2026 11:59")]
    [InlineData("1763726340")]
    [InlineData("2026-13-21T11:59:00Z")]
    public void timestamps_that_are_not_rfc_3339_are_rejected(string timestamp) =>
        SingleError(e => e["occurred_at"] = timestamp).Message.ShouldContain("RFC 3339");

    [Fact]
    public void a_timestamp_more_than_five_minutes_ahead_is_rejected() =>
        SingleError(e => e["occurred_at"] = "2026-11-21T12:05:01Z").Message.ShouldContain("future");

    [Fact]
    public void a_timestamp_just_within_five_minutes_ahead_is_accepted()
    {
        var e = Valid();
        e["occurred_at"] = "2026-11-21T12:05:00Z";
        Parse(new JsonArray(e)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void negative_ms_played_is_rejected() =>
        SingleError(e => e["ms_played"] = -1).Field.ShouldBe("ms_played");

    [Theory]
    [InlineData(0)]
    [InlineData(-5)]
    public void a_duration_that_is_not_positive_is_rejected(int duration) =>
        SingleError(e => e["track_duration_ms"] = duration).Field.ShouldBe("track_duration_ms");

    [Theory]
    [InlineData("ms_played", 1.5)]
    [InlineData("track_duration_ms", 1e30)]
    public void a_number_that_is_not_an_integer_is_rejected(string field, double value) =>
        SingleError(e => e[field] = value).Message.ShouldStartWith("must be an integer");

    [Fact]
    public void optional_fields_may_be_absent()
    {
        var e = Valid();
        e.Remove("ms_played");
        e.Remove("track_duration_ms");
        var parsed = Parse(new JsonArray(e)).Events.Single();
        parsed.MsPlayed.ShouldBeNull();
        parsed.FractionPlayed.ShouldBeNull();
    }

    [Fact]
    public void context_and_track_metadata_are_kept()
    {
        var e = Valid();
        e["context"] = new JsonObject { ["type"] = "playlist", ["uri"] = "spotify:playlist:1" };
        e["track"] = new JsonObject
        {
            ["name"] = "Song", ["album"] = "Album", ["release_year"] = 1999,
            ["artists"] = new JsonArray(new JsonObject { ["id"] = "a1", ["name"] = "Band" }),
            ["genres"] = new JsonArray("rock", "indie"),
            ["audio_features"] = new JsonObject { ["energy"] = 0.8 },
        };
        var parsed = Parse(new JsonArray(e)).Events.Single();
        parsed.Context!.Type.ShouldBe("playlist");
        parsed.Track!.Artists!.Single().Key.ShouldBe("Band");
        parsed.Track.Genres.ShouldBe(["rock", "indie"]);
        parsed.Track.AudioFeatures!["energy"].ShouldBe(0.8);
    }

    [Theory]
    [InlineData("context", "\"radio\"", "context")]
    [InlineData("track", "[1]", "track")]
    [InlineData("track", "{\"genres\": \"rock\"}", "track.genres")]
    [InlineData("track", "{\"genres\": [1]}", "track.genres[0]")]
    [InlineData("track", "{\"artists\": [{}]}", "track.artists[0]")]
    [InlineData("track", "{\"artists\": [\"x\"]}", "track.artists[0]")]
    [InlineData("track", "{\"release_year\": 12}", "track.release_year")]
    [InlineData("track", "{\"audio_features\": {\"energy\": \"high\"}}", "track.audio_features.energy")]
    [InlineData("context", "{\"type\": 5}", "context.type")]
    public void malformed_nested_fields_are_named_by_path(string field, string json, string expectedField) =>
        SingleError(e => e[field] = JsonNode.Parse(json)).Field.ShouldBe(expectedField);

    [Fact]
    public void every_bad_event_of_a_batch_is_reported_and_none_is_returned()
    {
        var a = Valid(0); a.Remove("user_id");
        var b = Valid(1);
        var c = Valid(2); c["event_type"] = "nope"; c["ms_played"] = -3;
        var result = Parse(new JsonArray(a, b, c));

        result.Events.ShouldBeEmpty();
        result.Errors.Select(x => (x.Index, x.Field)).ShouldBe([(0, "user_id"), (2, "event_type"), (2, "ms_played")]);
    }

    [Fact]
    public void a_non_object_event_is_rejected() =>
        Parse(new JsonArray(Valid(), 5)).Errors.ShouldHaveSingleItem().ShouldBe(new FieldError(1, "$", "an event is a JSON object"));

    [Fact]
    public void deeply_nested_json_is_rejected_without_throwing()
    {
        var body = new string('[', 5000) + new string(']', 5000);
        EventBatchParser.Parse(Encoding.UTF8.GetBytes(body), Now).IsValid.ShouldBeFalse();
    }
}
