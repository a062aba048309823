using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace Recommender.AllInOne.Demo;

/// <summary>Waits until every consumer of the host has checkpointed everything on the stream.</summary>
public static class ConsumerCatchUp
{
    public static IReadOnlyList<string> ConsumerNames(IServiceProvider services) =>
        services.GetServices<IStreamBatchHandler>().Select(h => h.Name).ToList();

    /// <summary>Lag per consumer at the end: all zero, or what was left when <paramref name="timeout"/> ran out.</summary>
    public static async Task<IReadOnlyDictionary<string, long?>> WaitAsync(IServiceProvider services, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var reader = services.GetRequiredService<IStreamReader>();
        var names = ConsumerNames(services);
        // a wait on real work, timed by the monotonic clock (a test's TimeProvider may stand still)
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var lag = new Dictionary<string, long?>();
            foreach (var name in names) lag[name] = await reader.GetLagAsync(name, cancellationToken);
            if (lag.Values.All(l => l is 0) || waited.Elapsed >= timeout) return lag;
            await Task.Delay(100, cancellationToken);
        }
    }
}
