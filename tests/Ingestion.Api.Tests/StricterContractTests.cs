using System.Net;
using System.Text;

namespace Ingestion.Api.Tests;

/// <summary>
/// Inputs JSON allows that the contract does not, each once accepted: a key twice in an event, text in a charset other
/// than UTF-8, bytes that are not UTF-8, and an event from long ago. Each is refused as a problem and nothing is appended.
/// </summary>
public sealed class StricterContractTests(IngestionApiFactory factory) : IClassFixture<IngestionApiFactory>
{
    [Theory]
    [InlineData("\"event_id\":\"a\",\"event_id\":\"b\"", "event_id")]
    [InlineData("\"user_id\":\"alice\",\"user_id\":\"bob\"", "user_id")]
    [InlineData("\"track\":{\"name\":\"x\",\"name\":\"y\"}", "track.name")]
    [InlineData("\"track\":{\"artists\":[{\"id\":\"a\",\"id\":\"b\"}]}", "track.artists[0].id")]
    [InlineData("\"extra\":1,\"extra\":2", "extra")]
    public async Task a_key_given_twice_in_an_event_is_refused_naming_the_field(string keys, string field)
    {
        var body = $"[{Event(0)},{{{keys},{Event(1)[1..]}]";

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, await response.Content.ReadAsStringAsync());
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        var errors = (await TestEvents.ReadJsonAsync(response)).GetProperty("errors").EnumerateArray().ToList();
        errors.ShouldContain(e => e.GetProperty("index").GetInt32() == 1 && e.GetProperty("field").GetString() == field
                                  && e.GetProperty("message").GetString()!.Contains("more than once"));
        (await factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task an_events_key_given_twice_is_refused_as_a_whole()
    {
        var body = $"{{\"events\":[{Event(0)}],\"events\":[{Event(1)}]}}";

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Json(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await TestEvents.ReadJsonAsync(response)).GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("field").GetString().ShouldBe("events");
        (await factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("application/json; charset=latin1")]
    [InlineData("application/json; charset=iso-8859-1")]
    [InlineData("application/json; charset=utf-16")]
    [InlineData("application/json; charset=\"windows-1252\"")]
    public async Task a_charset_other_than_utf8_gets_415(string contentType)
    {
        var content = TestEvents.Bytes(Encoding.Latin1.GetBytes($"[{Event(0)}]"));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await factory.CreateClient().PostAsync("/v1/events", content);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await TestEvents.ReadJsonAsync(response)).GetProperty("detail").GetString()!.ShouldContain("UTF-8");
        (await factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json; charset=\"UTF-8\"")]
    public async Task utf8_json_with_or_without_a_charset_is_accepted(string contentType)
    {
        var content = TestEvents.Bytes(Encoding.UTF8.GetBytes($"[{Event(0)}]"));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);

        using var response = await factory.CreateClient().PostAsync("/v1/events", content);

        response.StatusCode.ShouldBe(HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task bytes_that_are_not_utf8_are_refused_even_in_a_field_the_contract_does_not_read()
    {
        var prefix = Encoding.UTF8.GetBytes($"[{Event(0)[..^1]},\"note\":\"caf");
        byte[] body = [.. prefix, 0xE9, .. "\"}]"u8];

        using var response = await factory.CreateClient().PostAsync("/v1/events", TestEvents.Bytes(body));

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        var error = (await TestEvents.ReadJsonAsync(response)).GetProperty("errors").EnumerateArray().Single();
        error.GetProperty("message").GetString()!.ShouldContain($"not valid UTF-8 (byte {prefix.Length})");
        (await factory.ReadStreamAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task the_age_limit_of_events_is_a_setting()
    {
        using var strict = new IngestionApiFactory();
        strict.Settings["Ingestion:MaxEventAge"] = "7.00:00:00";
        var client = strict.CreateClient();
        var week = TestEvents.Batch(1, (_, e) => e["occurred_at"] = DateTimeOffset.UtcNow.AddDays(-8).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));
        var day = TestEvents.Batch(1, (_, e) => e["occurred_at"] = DateTimeOffset.UtcNow.AddDays(-6).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"));

        using var old = await client.PostAsync("/v1/events", TestEvents.Json(week));
        using var recent = await client.PostAsync("/v1/events", TestEvents.Json(day));

        old.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await TestEvents.ReadJsonAsync(old)).GetProperty("errors")[0].GetProperty("message").GetString()!.ShouldContain("7 days in the past");
        recent.StatusCode.ShouldBe(HttpStatusCode.Accepted);
    }

    private static string Event(int i) => TestEvents.Valid(i).ToJsonString();
}
