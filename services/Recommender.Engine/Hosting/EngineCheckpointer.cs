using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Hosting;

/// <summary>Saves the engine's memory as a snapshot every <see cref="EngineOptions.SnapshotEvents"/> new events (at most once per
/// <see cref="EngineOptions.SnapshotMinInterval"/>) and at shutdown, so a restart replays only the journal after it (the model owner
/// saves one after each swap too).</summary>
public sealed class EngineCheckpointer(EmbeddedRecommender recommender, EngineOptions options, ILogger<EngineCheckpointer>? logger = null) : BackgroundService
{
    private readonly ILogger _logger = logger ?? NullLogger<EngineCheckpointer>.Instance;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private long _eventsAtLastSnapshot = recommender.EventsTracked;
    private long _lastSnapshotAt = Environment.TickCount64;

    /// <summary>Whether a snapshot is due: enough new events, and the last one long enough ago.</summary>
    public static bool IsDue(long newEvents, TimeSpan sinceLast, EngineOptions options) =>
        newEvents >= options.SnapshotEvents && sinceLast >= options.SnapshotMinInterval;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(Poll, stoppingToken); }
            catch (OperationCanceledException) { return; }
            var events = recommender.EventsTracked;
            if (!IsDue(events - _eventsAtLastSnapshot, TimeSpan.FromMilliseconds(Environment.TickCount64 - _lastSnapshotAt), options)) continue;
            try
            {
                await recommender.SaveStateAsync(stoppingToken);
                _eventsAtLastSnapshot = events;
                _lastSnapshotAt = Environment.TickCount64;
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
