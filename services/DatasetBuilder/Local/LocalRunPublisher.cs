using System.Diagnostics;
using DatasetBuilder.Csv;
using DatasetBuilder.Runs;
using Recommender.Core.Builds;
using Recommender.Core.Datasets;
using Recommender.Engine;
using Recommender.Engine.Data;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Hosting;
using Recommender.Engine.Model;

namespace DatasetBuilder.Local;

/// <summary>
/// Local mode: the files go under &lt;data-dir&gt;/datasets/&lt;run-id&gt;/ and what they hold is offered to the engine's model owner
/// (<see cref="ModelPromotion"/>, which the background retrainer offers to as well): a model self-tuned on the data is checked against
/// the serving one on the same held-out check (Personalize's protocol) and swapped in only when the gate keeps it.
/// </summary>
public sealed class LocalRunPublisher(IDatasetStore store, ModelPromotion promotion, EngineOptions engine, RunLedger ledger, DatasetBuilderOptions options,
    TimeProvider time) : IRunPublisher
{
    public string Mode => BuildModes.Local;
    public string FirstStep => RunSteps.Publish;

    public async Task<BuildRun> ContinueAsync(BuildRun run, string folder, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        while (run.Step != RunSteps.Done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            run = run.Step switch
            {
                RunSteps.Publish => await PublishAsync(run, folder, progress, cancellationToken),
                // a run recorded at "train" by an older version decides again: the owner trains what it keeps
                RunSteps.Evaluate or RunSteps.Train => await OfferAsync(run, await LoadAsync(run.RunId, cancellationToken), progress, cancellationToken),
                _ => throw new InvalidOperationException($"run {run.RunId} is at step \"{run.Step}\", which local mode does not have"),
            };
        }
        return run;
    }

    private async Task<BuildRun> PublishAsync(BuildRun run, string folder, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        foreach (var file in DatasetFiles.All)
        {
            await using var content = File.OpenRead(Path.Combine(folder, file));
            var where = await store.PutAsync(run.RunId, file, content, cancellationToken);
            progress?.Report(new BuildProgress(RunSteps.Publish, $"{file} → {where}"));
        }
        return await ledger.SaveAsync(run with { Step = RunSteps.Evaluate }, cancellationToken);
    }

    private async Task<BuildRun> OfferAsync(BuildRun run, (List<Interaction> Interactions, List<ItemMetadata> Items) data, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new BuildProgress(RunSteps.Evaluate, $"offering a model of {data.Interactions.Count:N0} interactions (Personalize-protocol check, seed {options.EvaluationSeed})"));
        var clock = Stopwatch.StartNew();
        var matrix = InteractionMatrix.Build(data.Interactions, engine.Weighting, data.Items.Select(i => i.ItemId));
        var rule = new GateRule { Metric = options.GateMetric, Tolerance = options.Tolerance, Seed = options.EvaluationSeed };
        var outcome = await promotion.OfferAsync(matrix, data.Items, rule, new Relay(progress), cancellationToken);
        var metrics = new Dictionary<string, double>(outcome.Metrics, StringComparer.Ordinal);
        var baseline = new Dictionary<string, double>(outcome.Baseline, StringComparer.Ordinal);
        var decided = RunGate.Record(run, metrics, baseline, outcome.Kept, outcome.Reason, time.GetUtcNow());
        if (outcome.Kept) progress?.Report(new BuildProgress(RunSteps.Train, $"decided and trained in {clock.Elapsed.TotalSeconds:F1} s; model {outcome.Version} serves"));
        return await ledger.SaveAsync(decided with { ModelVersion = outcome.Version }, cancellationToken);
    }

    /// <summary>The owner's progress lines as the build's, on the calling thread and in order.</summary>
    private sealed class Relay(IProgress<BuildProgress>? progress) : IProgress<string>
    {
        public void Report(string value) => progress?.Report(new BuildProgress(RunSteps.Evaluate, value));
    }

    /// <summary>Reads the published files back through the store, so the engine trains on exactly what was published.</summary>
    private async Task<(List<Interaction>, List<ItemMetadata>)> LoadAsync(string runId, CancellationToken cancellationToken)
    {
        await using var interactions = await store.OpenAsync(runId, DatasetFiles.InteractionsFile, cancellationToken)
            ?? throw new InvalidDataException($"run {runId} has no published {DatasetFiles.InteractionsFile}");
        await using var items = await store.OpenAsync(runId, DatasetFiles.ItemsFile, cancellationToken)
            ?? throw new InvalidDataException($"run {runId} has no published {DatasetFiles.ItemsFile}");
        using var interactionsReader = new StreamReader(interactions);
        using var itemsReader = new StreamReader(items);
        return (PersonalizeCsv.ReadInteractions(interactionsReader, DatasetFiles.InteractionsFile), PersonalizeCsv.ReadItems(itemsReader, DatasetFiles.ItemsFile));
    }
}
