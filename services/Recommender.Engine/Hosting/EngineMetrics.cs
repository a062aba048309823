using System.Diagnostics.Metrics;
using Recommender.Core.Telemetry;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Hosting;

/// <summary>The serving model's version and age, as gauges read when a scrape or the admin status asks.</summary>
public sealed class EngineMetrics : IObservableInstruments
{
    public EngineMetrics(IMeterFactory meters, EmbeddedRecommender recommender, TimeProvider clock)
    {
        var meter = meters.Create(PlatformMeters.Engine);
        meter.CreateObservableGauge(PlatformMeters.ModelVersion, () => (long)recommender.ModelVersion, "{version}",
            "Version of the serving model; 0 before the first");
        meter.CreateObservableGauge(PlatformMeters.ModelAge,
            () => recommender.ModelTrainedAt is { } trained
                ? [new Measurement<double>(Math.Max(0, (clock.GetUtcNow() - trained).TotalSeconds))]
                : Array.Empty<Measurement<double>>(),
            "s", "Time since the serving model was trained; no value before the first");
    }
}
