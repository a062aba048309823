using System.Diagnostics;
using System.Net;

namespace Recommender.Benchmarks.Suite;

/// <summary>
/// An open-loop load generator: request i is due at start + i / rate whatever happened to the earlier ones, and its latency is
/// counted from that due time, so time spent queueing behind a slow server (or behind the generator's own connections) is in the
/// figure instead of hidden (the "coordinated omission" of closed-loop tools).
/// </summary>
public static class OpenLoopLoad
{
    public static async Task<LoadResult> RunAsync(HttpClient http, Func<long, HttpRequestMessage> request, double perSecond, TimeSpan duration,
        int connections, Func<HttpStatusCode, bool> isOk, CancellationToken cancellationToken = default)
    {
        var total = (long)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        long ok = 0, refused = 0, failed = 0;
        using var slots = new SemaphoreSlim(connections);
        var inFlight = new List<Task>((int)Math.Min(total, 1_000_000));
        var clock = Stopwatch.StartNew();
        var ticksPerRequest = Stopwatch.Frequency / perSecond;

        async Task SendAsync(long i, long dueTicks)
        {
            await slots.WaitAsync(cancellationToken);
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
            finally { slots.Release(); }
            latencies[i] = (clock.ElapsedTicks - dueTicks) * 1000.0 / Stopwatch.Frequency;
        }

        for (long i = 0; i < total; i++)
        {
            var due = (long)(i * ticksPerRequest);
            var wait = due - clock.ElapsedTicks;
            // sleep only when the next due time is a millisecond or more away; the requests due meanwhile go out together
            if (wait > Stopwatch.Frequency / 1000) await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency), cancellationToken);
            inFlight.Add(SendAsync(i, due));
        }
        await Task.WhenAll(inFlight);
        return new LoadResult(latencies, ok, refused, failed, clock.Elapsed);
    }
}
