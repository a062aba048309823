using Recommender.Engine.Data;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Model;
using Recommender.Engine.Serving;
using Recommender.Engine.Training;

namespace Recommender.Engine.Hosting;

/// <summary>What an offer came to: the decision and its reason, the candidate's and the serving model's figures on the same check,
/// the version now serving when the candidate was kept, and what the candidate's search tried.</summary>
public sealed record PromotionOutcome(bool Kept, string Reason, IReadOnlyDictionary<string, double> Metrics,
    IReadOnlyDictionary<string, double> Baseline, int? Version, TrainingRecord? Training);

/// <summary>
/// The one owner of which model serves. The background retrainer and the daily build offer the data they would train on; offers are
/// taken one at a time and each is decided against the model serving at that moment: the candidate's settings (self-tuned on the
/// check's training part, so the search never sees the check) and the serving model's recorded settings are trained on the same part
/// and scored on the same held-out check (<see cref="HeldOutCheck"/>) by the serving code; the candidate is then refit on all the data
/// and swapped in only when <see cref="ModelGate"/> keeps it.
/// </summary>
public sealed class ModelPromotion(EmbeddedRecommender engine, ModelStore store, EngineOptions options, TimeProvider? clock = null)
{
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    /// <summary>Waits for any offer in progress, then decides this one.</summary>
    public async Task<PromotionOutcome> OfferAsync(InteractionMatrix data, IReadOnlyList<ItemMetadata> items, GateRule rule,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        await _oneAtATime.WaitAsync(cancellationToken);
        try { return await DecideAsync(data, items, rule, progress, cancellationToken); }
        finally { _oneAtATime.Release(); }
    }

    /// <summary>Decides this offer unless another is in progress (then null: the caller tries again later, with newer data).</summary>
    public async Task<PromotionOutcome?> TryOfferAsync(InteractionMatrix data, IReadOnlyList<ItemMetadata> items, GateRule rule,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (!await _oneAtATime.WaitAsync(TimeSpan.Zero, cancellationToken)) return null;
        try { return await DecideAsync(data, items, rule, progress, cancellationToken); }
        finally { _oneAtATime.Release(); }
    }

    private async Task<PromotionOutcome> DecideAsync(InteractionMatrix data, IReadOnlyList<ItemMetadata> items, GateRule rule,
        IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var (candidate, metrics, baseline) = await Task.Run(() =>
        {
            var check = HeldOutCheck.Carve(data, rule.Seed);
            progress?.Report($"choosing settings on {check.Train.Rows.NonZeros:N0} pairs; {check.Users.Count:N0} users held out for the check");
            var tuned = ModelTuner.Train(check.Train, items, options, options.TuningBudget);
            var candidateMetrics = check.Score(tuned, options);
            var serving = engine.ServingSettings;
            IReadOnlyDictionary<string, double> servingMetrics = engine.ModelVersion == 0
                ? new Dictionary<string, double>(StringComparer.Ordinal)
                // the same settings train the same model: no need to train it twice
                : serving?.Describe() == tuned.Settings!.Describe() ? candidateMetrics
                // a model file from before settings were recorded was trained with the defaults of its time
                : check.Score(ModelTrainer.Train(check.Train, items, serving ?? new TrainingOptions()), options);
            return (tuned, candidateMetrics, servingMetrics);
        }, cancellationToken);
        var (keep, reason) = ModelGate.Decide(metrics, baseline, rule);
        progress?.Report(reason);
        if (!keep) return new PromotionOutcome(false, reason, metrics, baseline, null, candidate.Training);
        var model = await Task.Run(() => ModelTrainer.Train(data, items, candidate.Settings!, candidate.Training, clock), cancellationToken);
        var version = await store.PublishAsync(model, cancellationToken);
        progress?.Report($"model {version} serves: {model.Algorithm} ({candidate.Training?.ChosenSettings ?? candidate.Settings!.Describe()})");
        return new PromotionOutcome(true, reason, metrics, baseline, version, candidate.Training);
    }
}
