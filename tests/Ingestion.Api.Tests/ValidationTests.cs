using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ingestion.Api.Tests;

/// <summary>
/// Every rule of the event contract, through HTTP: a batch whose event 1 breaks one rule gets a 400
/// problem naming index 1, the field and why, and nothing of the batch reaches the stream.
/// </summary>
public sealed class ValidationTests(IngestionApiFactory factory) : IClassFixture<IngestionApiFactory>
{

    public static TheoryData<string, string, string> Rules => new()
    {
        // rule                                     field                          message fragment
        { "event_id missing",                       "event_id",                    "is required" },
        { "event_id empty",                         "event_id",                    "must not be empty" },
        { "event_id 65 chars",                      "event_id",                    "the limit is 64" },
        { "event_id a number",                      "event_id",                    "must be a string" },
        { "user_id missing",                        "user_id",                     "is required" },
        { "user_id with a control character",       "user_id",                     "control characters" },
        { "user_id 257 chars",                      "user_id",                     "the limit is 256" },
        { "track_id missing",                       "track_id",                    "is required" },
        { "track_id blank",                         "track_id",                    "must not be empty" },
        { "event_type missing",                     "event_type",                  "is required" },
        { "event_type unknown",                     "event_type",                  "must be one of" },
        { "occurred_at missing",                    "occurred_at",                 "is required" },
        { "occurred_at without a zone",             "occurred_at",                 "RFC 3339" },
        { "occurred_at not a date",                 "occurred_at",                 "RFC 3339" },
        { "occurred_at ten minutes ahead",          "occurred_at",                 "in the future" },
        { "occurred_at in the year 0001",           "occurred_at",                 "year 2000 or later" },
        { "occurred_at in 1999",                    "occurred_at",                 "year 2000 or later" },
        { "occurred_at over a year ago",            "occurred_at",                 "365 days in the past" },
        { "ms_played negative",                     "ms_played",                   "0 or more" },
        { "ms_played a fraction",                   "ms_played",                   "must be an integer" },
        { "ms_played a string",                     "ms_played",                   "must be an integer" },
        { "track_duration_ms zero",                 "track_duration_ms",           "more than 0" },
        { "session_id empty",                       "session_id",                  "must not be empty" },
        { "context not an object",                  "context",                     "must be an object" },
        { "context.type too long",                  "context.type",                "the limit is 64" },
        { "track not an object",                    "track",                       "must be an object" },
        { "track.release_year out of range",        "track.release_year",          "between 1000 and 3000" },
        { "track.artists not an array",             "track.artists",               "must be an array" },
        { "track.artists entry without id or name", "track.artists[0]",            "needs an id or a name" },
        { "track.genres entry not a string",        "track.genres[1]",             "must be a string" },
        { "track.genres over 50 entries",           "track.genres",                "more than 50" },
        { "track.audio_features not numbers",       "track.audio_features.energy", "must be a number" },
        { "event over 10 KB",                       "$",                           "the limit is 10240" },
        { "event not an object",                    "$",                           "a JSON object" },
    };

    private static JsonNode Break(string rule, JsonObject e)
    {
        var track = (JsonObject)e["track"]!;
        switch (rule)
        {
            case "event_id missing": e.Remove("event_id"); break;
            case "event_id empty": e["event_id"] = ""; break;
            case "event_id 65 chars": e["event_id"] = new string('e', 65); break;
            case "event_id a number": e["event_id"] = 12; break;
            case "user_id missing": e.Remove("user_id"); break;
            case "user_id with a control character": e["user_id"] = "user\u0007bell"; break;
            case "user_id 257 chars": e["user_id"] = new string('u', 257); break;
            case "track_id missing": e.Remove("track_id"); break;
            case "track_id blank": e["track_id"] = "   "; break;
            case "event_type missing": e.Remove("event_type"); break;
            case "event_type unknown": e["event_type"] = "pause"; break;
            case "occurred_at missing": e.Remove("occurred_at"); break;
            case "occurred_at without a zone": e["occurred_at"] = "2026-01-31T18:04:05"; break;
            case "occurred_at not a date": e["occurred_at"] = "yesterday at noon"; break;
            case "occurred_at ten minutes ahead": e["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(10).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"); break;
            case "occurred_at in the year 0001": e["occurred_at"] = "0001-01-01T00:00:00Z"; break;
            case "occurred_at in 1999": e["occurred_at"] = "1999-12-31T23:59:59Z"; break;
            case "occurred_at over a year ago": e["occurred_at"] = DateTimeOffset.UtcNow.AddDays(-366).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"); break;
            case "ms_played negative": e["ms_played"] = -1; break;
            case "ms_played a fraction": e["ms_played"] = 1.5; break;
            case "ms_played a string": e["ms_played"] = "1000"; break;
            case "track_duration_ms zero": e["track_duration_ms"] = 0; break;
            case "session_id empty": e["session_id"] = ""; break;
            case "context not an object": e["context"] = "playlist"; break;
            case "context.type too long": e["context"] = new JsonObject { ["type"] = new string('p', 65) }; break;
            case "track not an object": e["track"] = 5; break;
            case "track.release_year out of range": track["release_year"] = 99; break;
            case "track.artists not an array": track["artists"] = "The Testers"; break;
            case "track.artists entry without id or name": track["artists"] = new JsonArray(new JsonObject()); break;
            case "track.genres entry not a string": track["genres"] = new JsonArray("jazz", 7); break;
            case "track.genres over 50 entries": track["genres"] = new JsonArray(Enumerable.Range(0, 51).Select(i => (JsonNode)$"g{i}").ToArray()); break;
            case "track.audio_features not numbers": track["audio_features"] = new JsonObject { ["energy"] = "high" }; break;
            case "event over 10 KB": e["notes"] = new string('n', 10_300); break;
            case "event not an object": return JsonValue.Create("not an event");
            default: throw new ArgumentException($"no mutation for rule {rule}");
        }
        return e;
    }

    [Theory]
    [MemberData(nameof(Rules))]
    public async Task a_batch_with_one_broken_rule_is_refused_naming_index_field_and_reason_and_nothing_is_appended(string rule, string field, string message)
    {
        var batch = TestEvents.Batch(3);
        batch[1] = Break(rule, (JsonObject)batch[1]!.DeepClone());

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(batch));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await TestEvents.ReadJsonAsync(response)).GetProperty("errors").EnumerateArray().ToList();
        errors.ShouldContain(e => e.GetProperty("index").GetInt32() == 1
                                  && e.GetProperty("field").GetString() == field
                                  && e.GetProperty("message").GetString()!.Contains(message), $"errors were {JsonSerializer.Serialize(errors)}");
        errors.ShouldAllBe(e => e.GetProperty("index").GetInt32() == 1);
        (await factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("not json at all", "$", "not valid JSON")]
    [InlineData("{\"items\": []}", "$", "expected a JSON array")]
    [InlineData("42", "$", "expected a JSON array")]
    [InlineData("[]", "events", "1 to 500")]
    [InlineData("{\"events\": []}", "events", "1 to 500")]
    public async Task a_body_that_is_not_a_batch_is_refused_as_a_whole(string body, string field, string message)
    {
        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await TestEvents.ReadJsonAsync(response)).GetProperty("errors").EnumerateArray().Single();
        error.TryGetProperty("index", out _).ShouldBeFalse();
        error.GetProperty("field").GetString().ShouldBe(field);
        error.GetProperty("message").GetString()!.ShouldContain(message);
    }

    [Fact]
    public async Task more_than_500_events_are_refused()
    {
        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(TestEvents.Batch(501)));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await TestEvents.ReadJsonAsync(response)).GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("field").GetString().ShouldBe("events");
        error.GetProperty("message").GetString()!.ShouldContain("this one has 501");
        (await factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task every_bad_event_of_a_batch_is_named_with_its_own_index()
    {
        var batch = TestEvents.Batch(5, (i, e) =>
        {
            if (i == 0) e.Remove("user_id");
            if (i == 3) e["event_type"] = "rewind";
        });

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(batch));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var errors = (await TestEvents.ReadJsonAsync(response)).GetProperty("errors").EnumerateArray()
            .Select(e => (e.GetProperty("index").GetInt32(), e.GetProperty("field").GetString())).ToList();
        errors.ShouldBe([(0, "user_id"), (3, "event_type")], ignoreOrder: true);
        (await factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task a_lone_surrogate_escape_is_named_as_bad_text_of_its_field()
    {
        var body = TestEvents.Batch(2).ToJsonString();
        body = body.Replace("\"user_id\":\"user-1\"", "\"user_id\":\"\\ud800x\"");
        body.ShouldContain("\\ud800x");

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await TestEvents.ReadJsonAsync(response)).GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("index").GetInt32().ShouldBe(1);
        error.GetProperty("field").GetString().ShouldBe("user_id");
        error.GetProperty("message").GetString()!.ShouldContain("valid Unicode");
    }
}
