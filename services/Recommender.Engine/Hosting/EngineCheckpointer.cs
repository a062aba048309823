using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Hosting;

/// <summary>Saves the engine's memory as a snapshot every <see cref="EngineOptions.SnapshotEvents"/> new events and at shutdown, so a
/// restart replays only the journal after it (the model owner saves one after each swap too).</summary>
public sealed class EngineCheckpointer(EmbeddedRecommender recommender, EngineOptions options, ILogger<EngineCheckpointer>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = logger ?? NullLogger<EngineCheckpointer>.Instance;
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
            try
            {
                await recommender.SaveStateAsync(stoppingToken);
                _eventsAtLastSnapshot = events;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // a full disk must not stop the host; the journal still holds the events, and the next poll tries again
                _logger.LogError(e, "Engine snapshot failed; it is tried again in {Poll}", Poll);
            }
        }
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        await recommender.SaveStateAsync(cancellationToken);
    }
}
