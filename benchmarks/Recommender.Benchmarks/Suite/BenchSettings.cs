namespace Recommender.Benchmarks.Suite;

/// <summary>The sizes and rates of one bench run: the (full) or a smaller smoke run (--quick).</summary>
public sealed record BenchSettings
{
    public bool Quick { get; init; }
    public int Runs { get; init; } = 3;
    public int Listeners { get; init; } = 50_000;
    public int Tracks { get; init; } = 100_000;
    /// <summary>Events of the world the model is trained on before the serving runs (the issue: a model of 1.2M events).</summary>
    public int WorldEvents { get; init; } = 1_200_000;
    /// <summary>Events per ingest run.</summary>
    public int IngestEvents { get; init; } = 1_000_000;
    public int BatchSize { get; init; } = 500;
    public int Connections { get; init; } = 16;
    public double RecommendationsPerSecond { get; init; } = 5_000;
    public double SingleEventsPerSecond { get; init; } = 10_000;
    public double BackgroundEventsPerSecond { get; init; } = 50_000;
    public TimeSpan Window { get; init; } = TimeSpan.FromSeconds(10);
    public TimeSpan FreshnessWindow { get; init; } = TimeSpan.FromSeconds(20);
    public int[] GrowthSizes { get; init; } = [10_000, 100_000, 1_000_000];
    public int GrowthEventsPerListener { get; init; } = 4;
    public TimeSpan CatchUpTimeout { get; init; } = TimeSpan.FromMinutes(4);

    public static BenchSettings Full => new();

    public static BenchSettings QuickRun => new()
    {
        Quick = true,
        Listeners = 5_000,
        Tracks = 10_000,
        WorldEvents = 100_000,
        IngestEvents = 100_000,
        RecommendationsPerSecond = 1_000,
        SingleEventsPerSecond = 1_000,
        BackgroundEventsPerSecond = 10_000,
        Window = TimeSpan.FromSeconds(4),
        FreshnessWindow = TimeSpan.FromSeconds(6),
        GrowthSizes = [1_000, 10_000, 50_000],
        CatchUpTimeout = TimeSpan.FromMinutes(2),
    };

    /// <summary>Host settings for a bench: one model trained on the whole world once it has arrived (no search, so training
    /// time does not depend on a tuning budget), and no retrain during the measured runs.</summary>
    public static IReadOnlyList<string> HostSettings(long eventsBeforeFirstModel) =>
    [
        $"--Recommender:Engine:RetrainMinNewEvents={eventsBeforeFirstModel}",
        "--Recommender:Engine:RetrainInterval=1.00:00:00",
        "--Recommender:Engine:TuningBudget=00:00:00",
        "--Logging:LogLevel:Default=Warning",
    ];
}
