using Microsoft.Extensions.Hosting;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Hosting;

/// <summary>Saves the engine's memory as a snapshot every <see cref="EngineOptions.SnapshotEvents"/> new events and at shutdown, so a
/// restart replays only the journal after it (the model owner saves one after each swap too).</summary>
public sealed class EngineCheckpointer(EmbeddedRecommender recommender, EngineOptions options) : BackgroundService
{
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private long _eventsAtLastSnapshot = recommender.EventsTracked;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(Poll, stoppingToken); }
            catch (OperationCanceledException) { return; }
            var events = recommender.EventsTracked;
            if (events - _eventsAtLastSnapshot < options.SnapshotEvents) continue;
            await recommender.SaveStateAsync(stoppingToken);
            _eventsAtLastSnapshot = events;
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await recommender.SaveStateAsync(cancellationToken);
    }
}
