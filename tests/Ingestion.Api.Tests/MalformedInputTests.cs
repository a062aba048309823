using System.Text;

namespace Ingestion.Api.Tests;

/// <summary>Whatever a client sends, bad input is the client's problem: never a 5xx.</summary>
public sealed class MalformedInputTests(IngestionApiFactory factory) : IClassFixture<IngestionApiFactory>
{
    private static IEnumerable<byte[]> Bodies()
    {
        var random = new Random(20261121);
        for (var i = 0; i < 150; i++)
        {
            var bytes = new byte[random.Next(0, 2_000)];
            random.NextBytes(bytes);
            yield return bytes;
        }
        string[] texts =
        [
            "", " ", "null", "true", "\"string\"", "1e400", "-0", "[null]", "[[]]", "[{}]", "{}", "{\"events\":null}", "{\"events\":{}}",
            "[" + string.Concat(Enumerable.Repeat("[", 5_000)) + string.Concat(Enumerable.Repeat("]", 5_000)) + "]",
            "{\"events\":[" + string.Concat(Enumerable.Repeat("{\"a\":", 3_000)) + "1" + string.Concat(Enumerable.Repeat("}", 3_000)) + "]}",
            "[{\"event_id\":1e400,\"user_id\":[],\"track_id\":{},\"event_type\":true,\"occurred_at\":12,\"ms_played\":1e400,\"track_duration_ms\":99999999999999999999999}]",
            "[{\"event_id\":\"a\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"2026-01-01T00:00:00Z\",\"ms_played\":-9223372036854775809}]",
            "[{\"event_id\":null,\"user_id\":null,\"track_id\":null,\"event_type\":null,\"occurred_at\":null,\"context\":null,\"track\":null}]",
            "[{\"event_id\":\"\\u0000\",\"user_id\":\"\\u001b[31m\",\"track_id\":\"\\u202e\",\"event_type\":\"play\\u0000\",\"occurred_at\":\"2026-01-01T00:00:00Z\"}]",
            "[{\"event_id\":\"\\ud800\",\"user_id\":\"\\udfff\\ud800\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"2026-01-01T00:00:00Z\"}]",
            "[{\"event_id\":\"a\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"9999-12-31T23:59:59Z\"}]",
            "[{\"event_id\":\"a\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"0001-01-01T00:00:00+14:00\"}]",
            "[{\"event_id\":\"a\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"2026-02-30T25:61:61Z\"}]",
            "[{\"event_id\":\"a\",\"event_id\":\"b\",\"user_id\":\"u\",\"track_id\":\"t\",\"event_type\":\"play\",\"occurred_at\":\"2026-01-01T00:00:00Z\"}]",
            "[{\"track\":{\"artists\":[null,1,\"x\",[],{\"id\":null,\"name\":5}],\"genres\":{\"a\":1},\"audio_features\":{\"e\":1e400,\"f\":null},\"release_year\":1e10}}]",
            "[{\"context\":{\"type\":[],\"uri\":{}}}]",
            "[1,2,3]", "[\"a\"]", "[{\"a\":1},", "[{\"a\":1}]]]", "{\"events\":[{}]}garbage", "\uFEFF[{}]",
        ];
        foreach (var text in texts) yield return Encoding.UTF8.GetBytes(text);
        yield return [0xEF, 0xBB, 0xBF, (byte)'[', (byte)']'];
        yield return [(byte)'[', (byte)'"', 0xFF, 0xFE, (byte)'"', (byte)']'];
        yield return [(byte)'[', (byte)'{', (byte)'"', (byte)'e', (byte)'v', (byte)'e', (byte)'n', (byte)'t', (byte)'_', (byte)'i', (byte)'d', (byte)'"', (byte)':', (byte)'"', 0xC3, 0x28, (byte)'"', (byte)'}', (byte)']'];
        yield return Encoding.Unicode.GetBytes("[{\"event_id\":\"a\"}]");
    }

    [Fact]
    public async Task no_malformed_body_gets_a_5xx()
    {
        var client = factory.CreateClient();
        var failures = new List<string>();
        var count = 0;
        foreach (var body in Bodies())
        {
            count++;
            using var response = await client.PostAsync("/v1/events", TestEvents.Bytes(body));
            if ((int)response.StatusCode >= 500)
                failures.Add($"{(int)response.StatusCode} for {Convert.ToBase64String(body.AsSpan(0, Math.Min(body.Length, 80)))}: {await response.Content.ReadAsStringAsync()}");
            else if ((int)response.StatusCode != 202)
                response.Content.Headers.ContentType?.MediaType.ShouldBe("application/problem+json");
        }
        count.ShouldBeGreaterThan(180);
        failures.ShouldBeEmpty();
    }

    [Theory]
    [InlineData("GET", "/v1/events", 405)]
    [InlineData("PUT", "/v1/events", 405)]
    [InlineData("GET", "/v1/nothing-here", 404)]
    public async Task wrong_routes_and_methods_get_problems(string method, string path, int status)
    {
        using var response = await factory.CreateClient().SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        ((int)response.StatusCode).ShouldBe(status);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }
}
