using System.Diagnostics;
using System.Net;

namespace Recommender.Benchmarks.Suite;

/// <summary>
/// An open-loop load generator: request i is due at start + i / rate whatever happened to the earlier ones, and its latency is
/// counted from that due time, so time spent queueing behind a slow server (or behind the generator's own connections) is in the
/// figure instead of hidden (the "coordinated omission" of closed-loop tools).
/// </summary>
/// A host that falls behind would otherwise stretch a 10 s window into minutes of draining its backlog: at twice the window the
/// run is cut, and every request not answered by then (sent or not) counts as failed with its latency taken at the cut, a lower
/// bound far above any target, so the cut shortens the bench without flattering a figure.
public static class OpenLoopLoad
{
    public static async Task<LoadResult> RunAsync(HttpClient http, Func<long, HttpRequestMessage> request, double perSecond, TimeSpan duration,
        int connections, Func<HttpStatusCode, bool> isOk, CancellationToken cancellationToken = default)
    {
        var total = (long)(perSecond * duration.TotalSeconds);
        var latencies = new double[total];
        long ok = 0, refused = 0, failed = 0;
        using var slots = new SemaphoreSlim(connections);
        using var cut = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        cut.CancelAfter(duration * 2);
        var inFlight = new List<Task>((int)Math.Min(total, 1_000_000));
        var clock = Stopwatch.StartNew();
        var ticksPerRequest = Stopwatch.Frequency / perSecond;
        double Since(long dueTicks) => (clock.ElapsedTicks - dueTicks) * 1000.0 / Stopwatch.Frequency;

        async Task SendAsync(long i, long dueTicks)
        {
            try
            {
                await slots.WaitAsync(cut.Token);
                try
                {
                    using var message = request(i);
                    using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cut.Token);
                    if (isOk(response.StatusCode)) Interlocked.Increment(ref ok);
                    else if (response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.ServiceUnavailable) Interlocked.Increment(ref refused);
                    else Interlocked.Increment(ref failed);
                }
                finally { slots.Release(); }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
            }
            latencies[i] = Since(dueTicks);
        }

        long sent = 0;
        try
        {
            for (; sent < total; sent++)
            {
                var due = (long)(sent * ticksPerRequest);
                var wait = due - clock.ElapsedTicks;
                // sleep only when the next due time is a millisecond or more away; the requests due meanwhile go out together
                if (wait > Stopwatch.Frequency / 1000) await Task.Delay(TimeSpan.FromTicks(wait * TimeSpan.TicksPerSecond / Stopwatch.Frequency), cut.Token);
                inFlight.Add(SendAsync(sent, due));
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested) { }
        await Task.WhenAll(inFlight);
        // requests the generator never got to send before the cut: due, unanswered, late by at least the time to the cut
        for (var i = sent; i < total; i++)
        {
            latencies[i] = Since((long)(i * ticksPerRequest));
            failed++;
        }
        return new LoadResult(latencies, ok, refused, failed, clock.Elapsed);
    }
}
