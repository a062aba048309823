using System.Text;
using System.Text.Json.Nodes;
using Recommender.Core.Events;

namespace Recommender.Core.Tests;

/// <summary>Rules JSON itself does not make: one copy of each key, UTF-8 only, and no event from before 2000 or older than the horizon.</summary>
public sealed class StricterContractParserTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 21, 12, 0, 0, TimeSpan.Zero);

    private static string Event(int i, string occurredAt = "2026-11-21T11:59:00Z") =>
        $"{{\"event_id\":\"e-{i}\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"{occurredAt}\"}}";

    private static EventBatchParser.Result Parse(string body, TimeSpan? maxAge = null) =>
        EventBatchParser.Parse(Encoding.UTF8.GetBytes(body), Now, maxAge);

    [Theory]
    [InlineData("{\"event_id\":\"a\",\"event_id\":\"b\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"2026-11-21T11:59:00Z\"}", "event_id")]
    [InlineData("{\"event_id\":\"a\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"event_type\":\"skip\",\"occurred_at\":\"2026-11-21T11:59:00Z\"}", "event_type")]
    [InlineData("{\"event_id\":\"a\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"2026-11-21T11:59:00Z\",\"context\":{\"uri\":\"a\",\"uri\":\"b\"}}", "context.uri")]
    [InlineData("{\"event_id\":\"a\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"2026-11-21T11:59:00Z\",\"track\":{\"audio_features\":{\"energy\":1,\"energy\":0}}}", "track.audio_features.energy")]
    [InlineData("{\"event_id\":\"a\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"2026-11-21T11:59:00Z\",\"track\":{\"artists\":[{\"name\":\"x\"},{\"name\":\"x\",\"name\":\"y\"}]}}", "track.artists[1].name")]
    public void a_key_given_twice_is_named_with_its_path(string duplicated, string field)
    {
        var result = Parse($"[{Event(0)},{duplicated}]");

        result.Events.ShouldBeEmpty();
        var error = result.Errors.ShouldHaveSingleItem();
        (error.Index, error.Field).ShouldBe((1, field));
        error.Message.ShouldContain("more than once");
    }

    [Fact]
    public void the_same_key_in_two_events_is_no_duplicate() => Parse($"[{Event(0)},{Event(1)}]").IsValid.ShouldBeTrue();

    [Fact]
    public void an_events_key_given_twice_is_refused_for_the_request()
    {
        var error = Parse($"{{\"events\":[{Event(0)}],\"events\":[{Event(1)}]}}").Errors.ShouldHaveSingleItem();

        (error.Index, error.Field).ShouldBe((null, "events"));
    }

    [Theory]
    [InlineData("0001-01-01T00:00:00Z")]
    [InlineData("1970-01-01T00:00:00Z")]
    [InlineData("1999-12-31T23:59:59.999Z")]
    public void an_event_before_2000_is_refused(string occurredAt)
    {
        var error = Parse($"[{Event(0, occurredAt)}]", TimeSpan.FromDays(365 * 100)).Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("occurred_at");
        error.Message.ShouldContain("year 2000 or later");
    }

    [Fact]
    public void the_first_moment_of_2000_is_accepted_when_the_horizon_reaches_it() =>
        Parse($"[{Event(0, "2000-01-01T00:00:00Z")}]", TimeSpan.FromDays(365 * 30)).IsValid.ShouldBeTrue();

    [Fact]
    public void an_event_older_than_one_year_is_refused_by_default()
    {
        var error = Parse($"[{Event(0, "2025-11-21T11:59:59Z")}]").Errors.ShouldHaveSingleItem();

        error.Field.ShouldBe("occurred_at");
        error.Message.ShouldContain("365 days in the past");
    }

    [Fact]
    public void an_event_just_within_one_year_is_accepted() =>
        Parse($"[{Event(0, "2025-11-21T12:00:01Z")}]").IsValid.ShouldBeTrue();

    [Fact]
    public void the_horizon_can_be_narrowed()
    {
        Parse($"[{Event(0, "2026-11-13T12:00:00Z")}]", TimeSpan.FromDays(7)).Errors.ShouldHaveSingleItem().Message.ShouldContain("7 days");
        Parse($"[{Event(0, "2026-11-15T12:00:00Z")}]", TimeSpan.FromDays(7)).IsValid.ShouldBeTrue();
    }

    [Fact]
    public void a_horizon_reaching_past_2000_stops_at_2000()
    {
        Parse($"[{Event(0, "2000-01-01T00:00:01Z")}]", TimeSpan.MaxValue).IsValid.ShouldBeTrue();
        Parse($"[{Event(0, "1999-01-01T00:00:00Z")}]", TimeSpan.MaxValue).Errors.ShouldHaveSingleItem().Message.ShouldContain("year 2000");
    }

    [Theory]
    [InlineData(new byte[] { 0xFF })]
    [InlineData(new byte[] { 0xC3, 0x28 })]
    [InlineData(new byte[] { 0xED, 0xA0, 0x80 })] // a surrogate encoded in UTF-8 (CESU), not UTF-8
    [InlineData(new byte[] { 0xC0, 0xAF })] // an overlong '/'
    public void bytes_that_are_not_utf8_are_refused_wherever_they_are(byte[] bad)
    {
        var head = Encoding.UTF8.GetBytes($"[{Event(0)[..^1]},\"unread\":\"");
        byte[] body = [.. head, .. bad, .. "\"}]"u8];

        var error = EventBatchParser.Parse(body, Now).Errors.ShouldHaveSingleItem();

        (error.Index, error.Field).ShouldBe((null, "$"));
        error.Message.ShouldContain($"not valid UTF-8 (byte {head.Length})");
    }

    [Fact]
    public void text_beyond_ascii_in_utf8_is_accepted()
    {
        var e = JsonNode.Parse(Event(0))!.AsObject();
        e["track_id"] = "Café – 東京 🎵";
        Parse(new JsonArray(e).ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
            .Events.ShouldHaveSingleItem().TrackId.ShouldBe("Café – 東京 🎵");
    }
}
