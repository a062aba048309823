using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Hosting;

/// <summary>Loads the newest model at start, then offers what the engine has learned to the model owner (<see cref="ModelPromotion"/>)
/// whenever enough new events arrived: a self-tuned model replaces the serving one only when the gate keeps it, and serving continues
/// throughout (the swap is atomic).</summary>
public sealed class BackgroundRetrainer(EmbeddedRecommender recommender, ModelStore store, ModelPromotion promotion, EngineOptions options,
    TimeProvider? clock = null, ILogger<BackgroundRetrainer>? logger = null) : BackgroundService
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
    private readonly ILogger _logger = logger ?? NullLogger<BackgroundRetrainer>.Instance;
    private long _eventsAtLastTrain;
    private DateTimeOffset _lastTrain = DateTimeOffset.MinValue;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        store.LoadLatest();
        _eventsAtLastTrain = recommender.EventsTracked;
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try { await Task.Delay(Poll, stoppingToken); }
            catch (OperationCanceledException) { return; }
            if (!IsDue()) continue;
            try
            {
                await RetrainAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // a full disk or a locked file must not stop the host (an unhandled exception here would): serve on, try at the next interval
                _lastTrain = _clock.GetUtcNow();
                _logger.LogError(e, "Background retrain failed; the serving model stays and it is tried again in {Interval}", options.RetrainInterval);
            }
        }
    }

    // the first model comes as soon as there is enough data; later ones at most once per interval
    private bool IsDue()
    {
        var fresh = recommender.EventsTracked - _eventsAtLastTrain;
        if (fresh < options.RetrainMinNewEvents) return false;
        return recommender.ModelVersion == 0 || _clock.GetUtcNow() - _lastTrain >= options.RetrainInterval;
    }

    /// <summary>Offers a model trained on everything the engine has learned; null when the owner was busy with another offer (the
    /// daily build's), which is tried again at the next poll.</summary>
    public async Task<PromotionOutcome?> RetrainAsync(CancellationToken cancellationToken)
    {
        var events = recommender.EventsTracked;
        var (matrix, items) = recommender.TrainingSnapshot();
        var outcome = await promotion.TryOfferAsync(matrix, items, options.Gate, null, cancellationToken);
        if (outcome is null) return null;
        _eventsAtLastTrain = events;
        _lastTrain = _clock.GetUtcNow();
        if (outcome.Kept) _logger.LogInformation("Background retrain on {Events} events: model {Version} serves ({Settings}); {Reason}", events, outcome.Version, outcome.Training?.ChosenSettings, outcome.Reason);
        else _logger.LogInformation("Background retrain on {Events} events: the serving model stays; {Reason}", events, outcome.Reason);
        return outcome;
    }
}
