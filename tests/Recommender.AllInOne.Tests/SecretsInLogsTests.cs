using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Recommender.Contracts;
using Recommender.Core.Access;

namespace Recommender.AllInOne.Tests;

/// <summary>
/// The all-in-one host as a real process with every log category at Trace: requests with good, bad, missing, under-scoped and
/// rate-limited keys, and the keys verb around them. No key (nor the secret part of one) may appear in any log line or error body.
/// </summary>
public sealed partial class SecretsInLogsTests : IDisposable
{
    private const string Host = "Recommender.AllInOne.dll";
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "all-in-one-secrets-tests", Guid.NewGuid().ToString("N"));

    private async Task<(string Key, string Output)> CreateKeyAsync(params string[] args)
    {
        var (exit, output) = await DotnetProcess.RunAsync(Host, ["keys", "create", .. args, "--data-dir", _dataDirectory]);
        exit.ShouldBe(0, output);
        var key = output.Split('\n').First(l => l.StartsWith(ApiKeySecret.Prefix, StringComparison.Ordinal)).Trim();
        return (key, output);
    }

    [Fact]
    public async Task no_api_key_reaches_a_log_line_or_an_error_body()
    {
        var (ingestRead, createOutput) = await CreateKeyAsync("--scopes", "ingest,read");
        var (alice, _) = await CreateKeyAsync("--scopes", "ingest", "--user", "alice");
        var (readOnly, _) = await CreateKeyAsync("--scopes", "read");
        var wrongSecret = ingestRead[..^4] + (ingestRead.EndsWith("AAAA", StringComparison.Ordinal) ? "BBBB" : "AAAA");
        var stranger = ApiKeySecret.New().Text;
        Occurrences(createOutput, ingestRead).ShouldBe(1, "`keys create` prints the key once, on its own line");

        await using var host = DotnetProcess.Start(Host,
        [
            "serve", "--port", "0", "--data-dir", _dataDirectory,
            "--Logging:LogLevel:Default=Trace", "--Logging:Console:LogLevel:Default=Trace",
            "--Security:RateLimit:Requests=3", "--Security:RateLimit:Burst=3", "--Security:RateLimit:Period=01:00:00",
        ]);
        var listening = await host.WaitForLineAsync(l => ListeningOn().IsMatch(l), "the host said where it listens");
        using var http = new HttpClient { BaseAddress = new Uri(ListeningOn().Match(listening).Groups["url"].Value) };
        var bodies = new StringBuilder();

        async Task<HttpStatusCode> SendAsync(HttpMethod method, string path, string? key, JsonNode? body = null)
        {
            using var request = new HttpRequestMessage(method, path);
            if (key is not null) request.Headers.TryAddWithoutValidation("x-api-key", key);
            if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, new MediaTypeHeaderValue("application/json"));
            using var response = await http.SendAsync(request);
            bodies.AppendLine(await response.Content.ReadAsStringAsync());
            return response.StatusCode;
        }

        (await SendAsync(HttpMethod.Post, "/v1/events", ingestRead, Batch("alice"))).ShouldBe(HttpStatusCode.Accepted);
        (await SendAsync(HttpMethod.Post, "/v1/events", wrongSecret, Batch("alice"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(HttpMethod.Post, "/v1/events", stranger, Batch("alice"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(HttpMethod.Post, "/v1/events", "not-even-a-key", Batch("alice"))).ShouldBe(HttpStatusCode.Unauthorized);
        (await SendAsync(HttpMethod.Post, "/v1/events", readOnly, Batch("alice"))).ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Post, "/v1/events", alice, Batch("bob"))).ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Get, "/v1/users/bob/profile", alice)).ShouldBe(HttpStatusCode.Forbidden);
        (await SendAsync(HttpMethod.Post, "/v1/events", ingestRead, new JsonArray(new JsonObject { ["event_id"] = "e-bad" }))).ShouldBe(HttpStatusCode.BadRequest);
        HttpStatusCode status;
        var requests = 0;
        do status = await SendAsync(HttpMethod.Get, "/v1/recommendations?user_id=alice", ingestRead);
        while (status == HttpStatusCode.OK && ++requests < 10);
        status.ShouldBe(HttpStatusCode.TooManyRequests);

        (await host.InterruptAsync()).ShouldBeOneOf(0, 130);
        var (_, listOutput) = await DotnetProcess.RunAsync(Host, "keys", "list", "--data-dir", _dataDirectory);
        var (_, exportOutput) = await DotnetProcess.RunAsync(Host, "keys", "export", "--data-dir", _dataDirectory);

        var logs = host.Output;
        logs.ShouldContain("Microsoft.AspNetCore.Hosting.Diagnostics", customMessage: "the framework's request logs were captured at Trace");
        logs.ShouldContain("Request starting", customMessage: "every request was logged");
        foreach (var secret in new[] { ingestRead, alice, readOnly, wrongSecret, stranger }.SelectMany(k => new[] { k, SecretPart(k) }))
        {
            logs.ShouldNotContain(secret);
            bodies.ToString().ShouldNotContain(secret);
            listOutput.ShouldNotContain(secret);
            exportOutput.ShouldNotContain(secret);
        }
        logs.ShouldNotContain("not-even-a-key");
    }

    private static JsonArray Batch(string userId) => new(new JsonObject
    {
        ["event_id"] = $"e-{Guid.NewGuid():N}",
        ["user_id"] = userId,
        ["track_id"] = "t-1",
        ["event_type"] = "complete",
        ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-1).ToString("O"),
        ["ms_played"] = 180_000,
    });

    private static string SecretPart(string key) => key.Length > 20 ? key[(ApiKeySecret.Prefix.Length + ApiKeySecret.IdLength + 1)..] : key;

    private static int Occurrences(string text, string value) => Regex.Matches(text, Regex.Escape(value)).Count;

    [GeneratedRegex(@"Now listening on: (?<url>http://127\.0\.0\.1:\d+)")]
    private static partial Regex ListeningOn();

    public void Dispose()
    {
        try { Directory.Delete(_dataDirectory, recursive: true); } catch (IOException) { }
    }
}
