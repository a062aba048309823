using Recommender.Core.Configuration;
using Recommender.Engine.Training;

namespace Recommender.Engine;

/// <summary>Settings of the embedded engine; defaults are the ones measured in docs/benchmarks.md.</summary>
public sealed class EngineOptions : IValidatedOptions
{
    public const string Section = "Recommender:Engine";

    /// <summary>Root of the engine's state; models go to <c>&lt;DataDirectory&gt;/models/</c>.</summary>
    public string DataDirectory { get; set; } = DataFolder.Default;

    /// <summary>Personalize's explorationWeight: how much cold (little-played) items are boosted by metadata match.</summary>
    public double ExplorationWeight { get; set; } = 0.3;

    /// <summary>Weight of the genre/artist taste match for items the model has seen played (scores are scaled to 0..1 first).</summary>
    public double ContentWeight { get; set; } = 0.1;

    /// <summary>Half-life of the trending counts served to unknown users.</summary>
    public TimeSpan TrendingHalfLife { get; set; } = TimeSpan.FromDays(3);

    /// <summary>How many of a user's latest distinct tracks are folded in at request time.</summary>
    public int RecentTracksPerUser { get; set; } = 100;

    /// <summary>Retrain in the background at most this often, when new events arrived.</summary>
    public TimeSpan RetrainInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>New events needed before a background retrain is worth it.</summary>
    public int RetrainMinNewEvents { get; set; } = 200;

    /// <summary>Redelivered events are recognised by (user id, event id) among this many newest events, across restarts too.</summary>
    public int DedupWindowEvents { get; set; } = 1_000_000;

    /// <summary>The engine's memory is saved as a snapshot after this many new events (and at shutdown); a restart replays the journal after it.</summary>
    public int SnapshotEvents { get; set; } = 50_000;

    /// <summary>Snapshots are at least this far apart, however fast events arrive: each one serializes every listener's state while the
    /// hot path waits, so under sustained ingest a fixed event count would spend a growing share of the hot path on snapshots.</summary>
    public TimeSpan SnapshotMinInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Most popular model tracks whose implicit-ALS factors a request scans for candidates (see Serving/FactorPool.cs);
    /// tracks outside it are still scored by their factors when the graph or taste reaches them.</summary>
    public int FactorPoolSize { get; set; } = 20_000;

    /// <summary>Model versions kept on disk besides the serving one.</summary>
    public int ModelsToKeep { get; set; } = 3;

    public TrainingOptions Training { get; set; } = new();

    /// <summary>How event types and playback fractions turn into confidence.</summary>
    public InteractionWeighting Weighting { get; set; } = new();

    /// <summary>Seconds of the cores the self-tuning search may take when the background retrainer or the daily build trains
    /// (the model gate's check and the refit come on top); 0 trains <see cref="Training"/> as it is, without a search.</summary>
    public TimeSpan TuningBudget { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How the background retrainer's new models are judged against the serving one (the daily build judges its own with
    /// DatasetBuilder:GateMetric/Tolerance/EvaluationSeed, by the same rule and through the same owner, <see cref="Hosting.ModelPromotion"/>).</summary>
    public Hosting.GateRule Gate { get; set; } = new();

    /// <summary>The same settings with no exploration slots: offline comparisons of models measure the models.</summary>
    internal EngineOptions WithoutExploration()
    {
        var copy = (EngineOptions)MemberwiseClone();
        copy.ExplorationWeight = 0;
        return copy;
    }

    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(DataDirectory)) yield return $"{DataFolder.Key} must name a folder";
        if (ExplorationWeight is < 0 or > 1 || double.IsNaN(ExplorationWeight)) yield return $"{Section}:ExplorationWeight must be 0 to 1; got {ExplorationWeight}";
        if (ContentWeight < 0 || double.IsNaN(ContentWeight)) yield return $"{Section}:ContentWeight must not be negative; got {ContentWeight}";
        if (TrendingHalfLife <= TimeSpan.Zero) yield return $"{Section}:TrendingHalfLife must be positive";
        if (RecentTracksPerUser < 1) yield return $"{Section}:RecentTracksPerUser must be at least 1; got {RecentTracksPerUser}";
        if (RetrainInterval <= TimeSpan.Zero) yield return $"{Section}:RetrainInterval must be positive";
        if (RetrainMinNewEvents < 1) yield return $"{Section}:RetrainMinNewEvents must be at least 1; got {RetrainMinNewEvents}";
        if (FactorPoolSize < 1) yield return $"{Section}:FactorPoolSize must be at least 1; got {FactorPoolSize}";
        if (ModelsToKeep < 0) yield return $"{Section}:ModelsToKeep must not be negative; got {ModelsToKeep}";
        if (Weighting.HalfLife is { } halfLife && halfLife <= TimeSpan.Zero) yield return $"{Section}:Weighting:HalfLife must be positive when set";
        if (Training.Neighbors < 1) yield return $"{Section}:Training:Neighbors must be at least 1; got {Training.Neighbors}";
        if (Training.FactorWeight is < 0 or > 1 || double.IsNaN(Training.FactorWeight)) yield return $"{Section}:Training:FactorWeight must be 0 to 1; got {Training.FactorWeight}";
        if (Training.Factors < 0) yield return $"{Section}:Training:Factors must not be negative; got {Training.Factors}";
        if (Training.Threads < 0) yield return $"{Section}:Training:Threads must not be negative (0 = all cores); got {Training.Threads}";
        if (TuningBudget < TimeSpan.Zero) yield return $"{Section}:TuningBudget must not be negative (0 = no search); got {TuningBudget}";
        if (DedupWindowEvents < 1) yield return $"{Section}:DedupWindowEvents must be at least 1; got {DedupWindowEvents}";
        if (SnapshotEvents < 1) yield return $"{Section}:SnapshotEvents must be at least 1; got {SnapshotEvents}";
        if (SnapshotMinInterval < TimeSpan.Zero) yield return $"{Section}:SnapshotMinInterval must not be negative; got {SnapshotMinInterval}";
        if (string.IsNullOrWhiteSpace(Gate.Metric)) yield return $"{Section}:Gate:Metric must name a metric (ndcg@10, precision@25, ...)";
        if (Gate.Tolerance is < 0 or >= 1 || double.IsNaN(Gate.Tolerance)) yield return $"{Section}:Gate:Tolerance must be at least 0 and below 1; got {Gate.Tolerance}";
    }
}
