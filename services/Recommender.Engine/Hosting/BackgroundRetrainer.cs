using Microsoft.Extensions.Hosting;
using Recommender.Engine.Serving;
using Recommender.Engine.Training;

namespace Recommender.Engine.Hosting;

/// <summary>Loads the newest model at start, then retrains from what the engine has learned whenever enough new events arrived; serving continues throughout and the new model is swapped in atomically.</summary>
public sealed class BackgroundRetrainer(EmbeddedRecommender recommender, ModelStore store, EngineOptions options, TimeProvider? clock = null) : BackgroundService
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private static readonly TimeSpan Poll = TimeSpan.FromSeconds(2);
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
            if (IsDue()) await RetrainAsync(stoppingToken);
        }
    }

    // the first model comes as soon as there is enough data; later ones at most once per interval
    private bool IsDue()
    {
        var fresh = recommender.EventsTracked - _eventsAtLastTrain;
        if (fresh < options.RetrainMinNewEvents) return false;
        return recommender.ModelVersion == 0 || _clock.GetUtcNow() - _lastTrain >= options.RetrainInterval;
    }

    public async Task<int> RetrainAsync(CancellationToken cancellationToken)
    {
        var events = recommender.EventsTracked;
        var model = await Task.Run(() =>
        {
            var (matrix, items) = recommender.TrainingSnapshot();
            return ModelTrainer.Train(matrix, items, options.Training, _clock);
        }, cancellationToken);
        var version = await store.PublishAsync(model, cancellationToken);
        _eventsAtLastTrain = events;
        _lastTrain = _clock.GetUtcNow();
        return version;
    }
}
