using System.Diagnostics;
using DatasetBuilder.Csv;
using DatasetBuilder.Runs;
using Recommender.Core.Builds;
using Recommender.Core.Datasets;
using Recommender.Engine;
using Recommender.Engine.Data;
using Recommender.Engine.Evaluation;
using Recommender.Engine.Hosting;
using Recommender.Engine.Training;

namespace DatasetBuilder.Local;

/// <summary>
/// Local mode: the files go under &lt;data-dir&gt;/datasets/&lt;run-id&gt;/, the embedded engine is evaluated on them
/// (Personalize's protocol) and retrained; the new model is swapped in only when <see cref="ModelGate"/> keeps it.
/// </summary>
public sealed class LocalRunPublisher(IDatasetStore store, ModelStore models, EngineOptions engine, RunLedger ledger, DatasetBuilderOptions options,
    TimeProvider time) : IRunPublisher
{
    public string Mode => BuildModes.Local;
    public string FirstStep => RunSteps.Publish;

    public async Task<BuildRun> ContinueAsync(BuildRun run, string folder, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        (List<Interaction>, List<ItemMetadata>)? data = null;
        while (run.Step != RunSteps.Done)
        {
            cancellationToken.ThrowIfCancellationRequested();
            run = run.Step switch
            {
                RunSteps.Publish => await PublishAsync(run, folder, progress, cancellationToken),
                RunSteps.Evaluate => await EvaluateAsync(run, data ??= await LoadAsync(run.RunId, cancellationToken), progress, cancellationToken),
                RunSteps.Train => await TrainAsync(run, data ??= await LoadAsync(run.RunId, cancellationToken), progress, cancellationToken),
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

    private async Task<BuildRun> EvaluateAsync(BuildRun run, (List<Interaction> Interactions, List<ItemMetadata> Items) data, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        progress?.Report(new BuildProgress(RunSteps.Evaluate, $"evaluating on {data.Interactions.Count:N0} interactions (Personalize protocol, seed {options.EvaluationSeed})"));
        var result = OfflineEvaluator.Personalize(data.Interactions, data.Items, engine, options.EvaluationSeed);
        var metrics = new Dictionary<string, double>(result.Metrics, StringComparer.Ordinal);
        var baseline = (await ledger.LastKeptAsync(Mode, cancellationToken))?.Metrics ?? new Dictionary<string, double>(StringComparer.Ordinal);
        var (decided, reason) = ModelGate.Apply(run, metrics, baseline, options, RunSteps.Train, time.GetUtcNow());
        progress?.Report(new BuildProgress(RunSteps.Evaluate, reason));
        return await ledger.SaveAsync(decided, cancellationToken);
    }

    private async Task<BuildRun> TrainAsync(BuildRun run, (List<Interaction> Interactions, List<ItemMetadata> Items) data, IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        var model = await Task.Run(() => ModelTrainer.Train(data.Interactions, data.Items, engine, time), cancellationToken);
        // the swap is atomic: requests keep being served by the old model until this returns
        var version = await models.PublishAsync(model, cancellationToken);
        progress?.Report(new BuildProgress(RunSteps.Train, $"trained in {clock.Elapsed.TotalSeconds:F1} s; model {version} serves ({model.ItemCount:N0} items)"));
        return await ledger.SaveAsync(run with { Step = RunSteps.Done, Status = RunStatus.Succeeded, ModelVersion = version, FinishedAt = time.GetUtcNow() }, cancellationToken);
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
