using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;

namespace Recommender.Benchmarks.Suite;

/// <summary>Posts pre-built batches over <c>connections</c> concurrent connections as fast as the host takes them; a refused batch
/// (429/503) is sent again after a short pause, as a producer would, so every event ends up accepted.</summary>
public static class IngestLoad
{
    public static async Task<LoadResult> RunAsync(HttpClient http, byte[][] batches, int eventsPerBatch, int connections, CancellationToken cancellationToken = default)
    {
        long next = -1, refused = 0, failed = 0;
        var latencies = new double[batches.Length];
        var clock = Stopwatch.StartNew();

        async Task WorkAsync()
        {
            while (true)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= batches.Length) return;
                var sent = clock.ElapsedTicks;
                while (true)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    try
                    {
                        using var response = await http.SendAsync(Post(batches[i]), cancellationToken);
                        if (response.StatusCode == HttpStatusCode.Accepted) break;
                        if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) Interlocked.Increment(ref refused);
                        else throw new InvalidOperationException($"ingestion answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(cancellationToken)}");
                    }
                    catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                    {
                        Interlocked.Increment(ref failed);
                    }
                    await Task.Delay(20, cancellationToken);
                }
                latencies[i] = (clock.ElapsedTicks - sent) * 1000.0 / Stopwatch.Frequency;
            }
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(_ => Task.Run(WorkAsync, cancellationToken)));
        return new LoadResult(latencies, (long)batches.Length * eventsPerBatch, refused, failed, clock.Elapsed);
    }

    public static HttpRequestMessage Post(byte[] body)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = content };
    }
}
