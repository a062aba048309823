using System.Text;

namespace Recommender.Contracts;

/// <summary>One generated request: what it is, and how to send it.</summary>
public sealed record FuzzRequest(string Kind, HttpMethod Method, string Path, byte[]? Body, string? ContentType)
{
    public HttpRequestMessage ToMessage()
    {
        var message = new HttpRequestMessage(Method, Path);
        if (Body is not null)
        {
            message.Content = new ByteArrayContent(Body);
            if (ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", ContentType);
        }
        return message;
    }

    public override string ToString() =>
        $"{Kind}: {Method} {Path} ({ContentType ?? "no content type"}, {Body?.Length ?? 0} bytes: {Encoding.UTF8.GetString(Body ?? [], 0, Math.Min(Body?.Length ?? 0, 120))})";
}

/// <summary>
/// Malformed requests to both APIs, generated from a seed: broken and deeply nested JSON, wrong types, huge and empty
/// strings, control characters and bytes that are not UTF-8, duplicated keys, numbers out of range, 501 events, 1 MiB + 1
/// byte, wrong content types, bad query strings and paths. Each must be answered without a 5xx, as an RFC 7807 problem,
/// and nothing of a rejected ingestion request may reach the stream.
/// </summary>
public static class MalformedRequests
{
    private const string Events = "/v1/events";
    private static readonly string[] Fields = ["event_id", "user_id", "track_id", "event_type", "occurred_at", "ms_played", "track_duration_ms", "session_id", "context", "track"];
    private static readonly string[] Odd =
    [
        "null", "true", "-1", "0", "1e400", "-9223372036854775809", "18446744073709551616", "1.5", "\"\"", "\" \"", "[]", "{}", "[null]",
        "\"\\u0000\"", "\"\\ud800\"", "\"\\u001b[31m\"", "\"2026-02-30T25:61:61Z\"", "\"0001-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
        "\"1999-12-31T23:59:59Z\"", "\"yesterday\"", "\"PLAY\"", "\"" + new string('x', 70_000) + "\"", "{\"a\":" + new string('[', 200) + "}",
    ];

    public static IEnumerable<FuzzRequest> Generate(int seed, int count)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++) yield return One(random, i);
    }

    private static FuzzRequest One(Random random, int i) => (i % 12) switch
    {
        0 => Ingest("broken JSON", Cut(ValidBatch(random, random.Next(1, 5)), random)),
        1 => Ingest("deeply nested JSON", Encoding.UTF8.GetBytes(new string('[', random.Next(17, 20_000)) + "1" + new string(']', random.Next(0, 3)))),
        2 => Ingest("a field of the wrong type or value", Mutated(random)),
        3 => Ingest("control characters or bytes that are not UTF-8", NotUtf8(random)),
        4 => Ingest("a duplicated key", Encoding.UTF8.GetBytes(ValidBatchText(random, 1).Replace("\"event_id\":", "\"event_id\":\"dup\",\"event_id\":"))),
        5 => Ingest("501 events or none", Encoding.UTF8.GetBytes(random.Next(2) == 0 ? ValidBatchText(random, 501) : "[]")),
        6 => Ingest("1 MiB + 1 byte", Oversized(random)),
        7 => new FuzzRequest("a wrong content type", HttpMethod.Post, Events, Encoding.UTF8.GetBytes(ValidBatchText(random, 1)),
            Pick(random, ["text/plain", "application/xml", "application/json; charset=latin1", "application/json; charset=utf-16", "multipart/form-data", "application/x-www-form-urlencoded", null, "application/json; charset=\""])),
        8 => new FuzzRequest("random bytes", HttpMethod.Post, Events, RandomBytes(random), "application/json"),
        9 => new FuzzRequest("a bad query", HttpMethod.Get, BadRecommendationQuery(random), null, null),
        10 => new FuzzRequest("a bad path", HttpMethod.Get, BadPath(random), null, null),
        _ => new FuzzRequest("a malformed ranking", HttpMethod.Post, "/v1/rankings", RankingBody(random),
            Pick(random, ["application/json", "application/json", "text/plain", "application/json; charset=latin1"])),
    };

    private static FuzzRequest Ingest(string kind, byte[] body) => new(kind, HttpMethod.Post, Events, body, "application/json");

    private static string ValidEvent(Random random, int n) =>
        $"{{\"event_id\":\"fz-{random.Next():x}-{n}\",\"user_id\":\"fuzz-u{random.Next(50)}\",\"track_id\":\"t{random.Next(100)}\",\"event_type\":\"play\"," +
        $"\"occurred_at\":\"{DateTimeOffset.UtcNow.AddMinutes(-random.Next(1, 600)):yyyy-MM-dd'T'HH:mm:ss'Z'}\",\"ms_played\":{random.Next(1, 300_000)}}}";

    private static string ValidBatchText(Random random, int count) => "[" + string.Join(",", Enumerable.Range(0, count).Select(n => ValidEvent(random, n))) + "]";

    private static byte[] ValidBatch(Random random, int count) => Encoding.UTF8.GetBytes(ValidBatchText(random, count));

    private static byte[] Cut(byte[] body, Random random) => body[..random.Next(0, body.Length - 1)];

    /// <summary>A valid batch with one field of one event set to an odd value, or removed; so some of these are valid (202).</summary>
    private static byte[] Mutated(Random random)
    {
        var events = Enumerable.Range(0, random.Next(1, 4)).Select(n => ValidEvent(random, n)).ToList();
        var at = random.Next(events.Count);
        var field = Pick(random, Fields)!;
        var e = events[at];
        var value = Pick(random, Odd)!;
        events[at] = e.Contains($"\"{field}\":", StringComparison.Ordinal)
            ? System.Text.RegularExpressions.Regex.Replace(e, $"\"{field}\":(\"[^\"]*\"|[^,}}]*)", $"\"{field}\":{value}")
            : e.Insert(e.Length - 1, $",\"{field}\":{value}");
        return Encoding.UTF8.GetBytes("[" + string.Join(",", events) + "]");
    }

    private static byte[] NotUtf8(Random random)
    {
        var text = Encoding.UTF8.GetBytes(ValidBatchText(random, 1));
        var at = Array.IndexOf(text, (byte)'u') + 1; // inside the first key or value
        byte[][] bad = [[0xFF], [0xC3, 0x28], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0x00], [0x1B], [0xF4, 0x90, 0x80, 0x80]];
        return [.. text[..at], .. bad[random.Next(bad.Length)], .. text[at..]];
    }

    private static byte[] Oversized(Random random)
    {
        var one = ValidEvent(random, 0);
        // exactly 1 MiB + 1 byte of valid JSON, or more cut there
        var padding = new string('p', 1024 * 1024 + 1 - one.Length - 11 + random.Next(2) * 1_000);
        var body = Encoding.UTF8.GetBytes($"[{one[..^1]},\"pad\":\"{padding}\"}}]");
        return body[..(1024 * 1024 + 1)];
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 4_000)];
        random.NextBytes(bytes);
        return bytes;
    }

    private static string BadRecommendationQuery(Random random)
    {
        string[] values = ["", "-1", "0", "501", "1e9", "abc", "%00", "%ZZ", "%ff%fe", new string('u', 5_000), "true", "null", "\u202e", "a,b,,c", "%E2%80%AE"];
        string[] names = ["user_id", "num_results", "exclude_played", "exclude_skipped", "genres", "exclude_genres", "artists", "exclude_artists", "explain"];
        var query = string.Join("&", Enumerable.Range(0, random.Next(1, 4)).Select(_ => $"{Pick(random, names)}={Pick(random, values)}"));
        return $"/v1/recommendations?{query}";
    }

    private static string BadPath(Random random)
    {
        string[] ids = ["%00", "%ff", new string('t', 3_000), "..%2F..%2Fetc", "%20", "a%0Ab", "%E2%80%AE"];
        string[] routes = ["/v1/users/{0}/profile", "/v1/users/{0}/history?limit=" + random.Next(-5, 100), "/v1/tracks/{0}/related?num_results=" + random.Next(-5, 600), "/v1/tracks/{0}"];
        return string.Format(System.Globalization.CultureInfo.InvariantCulture, Pick(random, routes)!, Pick(random, ids));
    }

    private static byte[] RankingBody(Random random)
    {
        string[] bodies =
        [
            "{", "[]", "{\"user_id\":null,\"track_ids\":[]}", "{\"user_id\":\"u\",\"track_ids\":\"t1\"}", "{\"user_id\":\"u\",\"user_id\":\"v\",\"track_ids\":[\"t\"]}",
            "{\"user_id\":\"u\",\"track_ids\":[" + string.Join(",", Enumerable.Range(0, 501).Select(n => $"\"t{n}\"")) + "]}",
            "{\"user_id\":\"\\ud800\",\"track_ids\":[\"t\"]}", "{\"user_id\":1e400,\"track_ids\":[1,2]}", new string('{', 5_000),
        ];
        return Encoding.UTF8.GetBytes(Pick(random, bodies)!);
    }

    private static T? Pick<T>(Random random, T?[] values) => values[random.Next(values.Length)];
}
