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
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var lag = new Dictionary<string, long?>();
            foreach (var name in names) lag[name] = await reader.GetLagAsync(name, cancellationToken);
            if (lag.Values.All(l => l is 0) || DateTime.UtcNow >= deadline) return lag;
            await Task.Delay(100, cancellationToken);
        }
    }
}
