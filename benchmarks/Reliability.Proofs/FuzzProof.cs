using System.Diagnostics;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Local.Streaming;
using Recommender.Contracts;

namespace Reliability.Proofs;

/// <summary>
/// The long fuzz proof: generated malformed requests (tests/Recommender.Contracts/MalformedRequests) to both APIs of a real
/// host over Kestrel, plus bodies that trickle in slowly; no 5xx, every error an RFC 7807 problem, and the stream holds
/// exactly the events of the acknowledged requests.
/// </summary>
internal static class FuzzProof
{
    public static async Task<int> RunAsync(string hostDll, int requests, int seed, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(60) };
        using var host = new HostProcess(hostDll, dataDirectory, HostProcess.FreePort(), ["--Logging:LogLevel:Default=Warning"]);
        await host.StartAsync(http, TimeSpan.FromSeconds(120));
        var clock = Stopwatch.StartNew();
        var byStatus = new SortedDictionary<int, int>();
        var failures = new List<string>();
        var serverRejections = new List<string>(); // Kestrel refuses a request line it cannot parse before the app runs
        long appended = 0;
        var sent = 0;
        foreach (var request in MalformedRequests.Generate(seed, requests).Concat(SlowBodies(seed, 20)))
        {
            using var message = request.ToMessage();
            message.RequestUri = new Uri(host.Address, request.Path);
            if (request.Kind == "a slow body") message.Content = new TrickleContent(request.Body!, request.ContentType!).Init();
            using var response = await http.SendAsync(message);
            sent++;
            var status = (int)response.StatusCode;
            byStatus[status] = byStatus.GetValueOrDefault(status) + 1;
            var body = await response.Content.ReadAsStringAsync();
            if (status >= 500) failures.Add($"{status} for {request}");
            else if (status >= 400 && body.Length == 0 && response.Headers.ConnectionClose == true) serverRejections.Add($"{status} for {request.Kind}");
            else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json") failures.Add($"{status} without a problem for {request}");
            else if (response.StatusCode == HttpStatusCode.Accepted)
            {
                var answer = JsonDocument.Parse(body).RootElement;
                appended += answer.GetProperty("accepted").GetInt32() - answer.GetProperty("duplicates").GetInt32();
            }
            if (sent % 1_000 == 0) Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] {sent:N0} requests");
        }
        await host.StopAsync();
        long onStream;
        await using (var services = DataCheck.Adapters(dataDirectory))
            onStream = (await DataCheck.StreamCountsAsync(services.GetRequiredService<EmbeddedEventLog>())).Values.Sum();

        Console.WriteLine();
        Console.WriteLine($"requests: {sent:N0} in {clock.Elapsed.TotalSeconds:F1} s; answers by status: {string.Join(", ", byStatus.Select(p => $"{p.Key}: {p.Value:N0}"))}");
        Console.WriteLine($"5xx or errors without a problem: {failures.Count}");
        Console.WriteLine($"refused by Kestrel before the app (bare answer, connection closed): {serverRejections.Count} " +
            $"({string.Join(", ", serverRejections.GroupBy(r => r).Select(g => $"{g.Key}: {g.Count()}"))})");
        foreach (var failure in failures.Take(20)) Console.WriteLine($"  {failure}");
        Console.WriteLine($"events on the stream: {onStream:N0}; events acknowledged as new: {appended:N0}");
        var passed = failures.Count == 0 && onStream == appended;
        Console.WriteLine(passed ? "PASSED" : "FAILED");
        return passed ? 0 : 1;
    }

    /// <summary>Valid-looking batches whose bytes trickle in (a slow client); the server must not answer 5xx or hang on them.</summary>
    private static IEnumerable<FuzzRequest> SlowBodies(int seed, int count) =>
        MalformedRequests.Generate(seed + 1, count * 12).Where(r => r.Kind == "broken JSON").Take(count)
            .Select(r => r with { Kind = "a slow body" });

    /// <summary>Sends the first 40 bytes one every 100 ms, then the rest: a client on a bad link.</summary>
    private sealed class TrickleContent(byte[] body, string contentType) : HttpContent
    {
        public TrickleContent Init()
        {
            Headers.TryAddWithoutValidation("Content-Type", contentType);
            return this;
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            Headers.ContentType ??= System.Net.Http.Headers.MediaTypeHeaderValue.Parse(contentType);
            var slow = Math.Min(40, body.Length);
            for (var i = 0; i < slow; i++)
            {
                await stream.WriteAsync(body.AsMemory(i, 1));
                await stream.FlushAsync();
                await Task.Delay(100);
            }
            await stream.WriteAsync(body.AsMemory(slow));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = -1;
            return false;
        }
    }
}
