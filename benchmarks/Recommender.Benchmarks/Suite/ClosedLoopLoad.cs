using System.Diagnostics;
using System.Net;

namespace Recommender.Benchmarks.Suite;

/// <summary>A closed-loop generator: <c>connections</c> workers each send their next request as soon as the last one is answered,
/// until <c>count</c> requests were answered or <c>duration</c> ran out: the capacity figure (latency here hides queueing).</summary>
public static class ClosedLoopLoad
{
    public static async Task<LoadResult> RunAsync(HttpClient http, Func<long, HttpRequestMessage> request, int connections, long count, TimeSpan duration,
        Func<HttpStatusCode, bool> isOk, CancellationToken cancellationToken = default)
    {
        var latencies = new List<double>[connections];
        long next = -1, ok = 0, refused = 0, failed = 0;
        var clock = Stopwatch.StartNew();

        async Task WorkAsync(int worker)
        {
            var mine = latencies[worker] = new List<double>();
            while (clock.Elapsed < duration && !cancellationToken.IsCancellationRequested)
            {
                var i = Interlocked.Increment(ref next);
                if (i >= count) return;
                var sent = clock.ElapsedTicks;
                try
                {
                    using var message = request(i);
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken);
                    if (isOk(response.StatusCode)) Interlocked.Increment(ref ok);
                    else if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) Interlocked.Increment(ref refused);
                    else Interlocked.Increment(ref failed);
                }
                catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                }
                mine.Add((clock.ElapsedTicks - sent) * 1000.0 / Stopwatch.Frequency);
            }
        }

        await Task.WhenAll(Enumerable.Range(0, connections).Select(w => Task.Run(() => WorkAsync(w), cancellationToken)));
        return new LoadResult(latencies.SelectMany(l => l).ToArray(), ok, refused, failed, clock.Elapsed);
    }
}
