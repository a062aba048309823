using DatasetBuilder.Hosting;
using Recommender.Core.Builds;
using Recommender.Core.Consumers;
using Recommender.Core.Telemetry;
using Recommender.Hosting.Telemetry;

namespace Recommender.AllInOne.Status;

/// <summary>GET /v1/admin/status: the pipeline at a glance, summed up from the host's instruments, its dead letters and its build runs.</summary>
public sealed record PipelineStatus(
    DateTimeOffset GeneratedAt, IngestionStatus Ingestion, IReadOnlyList<ConsumerStatus> Consumers, ServingStatus Recommendations,
    ModelStatus Model, IReadOnlyList<BuildView> Builds)
{
    public const int RateWindowSeconds = 60;
    public const int BuildsShown = 5;
    public const int DeadLettersCounted = 1_000;

    public static async Task<PipelineStatus> ReadAsync(IServiceProvider services, CancellationToken cancellationToken)
    {
        var metrics = services.GetRequiredService<MetricsSummary>();
        var clock = services.GetRequiredService<TimeProvider>();
        var perSecond = metrics.PerSecond(PlatformMeters.EventsAccepted, RateWindowSeconds);
        var ingestion = new IngestionStatus(
            metrics.Total(PlatformMeters.EventsAccepted), metrics.Total(PlatformMeters.EventsDuplicate),
            metrics.TotalsByTag(PlatformMeters.BatchesRejected), perSecond.Sum() / (double)RateWindowSeconds, perSecond,
            Latency.Of(metrics.Distribution(PlatformMeters.AppendDuration)));

        var lag = metrics.Gauge(PlatformMeters.ConsumerLag);
        var records = metrics.TotalsByTag(PlatformMeters.ConsumerRecords);
        var deadLettered = metrics.TotalsByTag(PlatformMeters.DeadLetters);
        var waiting = (await services.GetRequiredService<IDeadLetterStore>().ListAsync(null, DeadLettersCounted, cancellationToken))
            .CountBy(l => l.Consumer).ToDictionary(p => p.Key, p => (long)p.Value, StringComparer.Ordinal);
        var consumers = services.GetServices<IStreamBatchHandler>().Select(h => h.Name).Select(name => new ConsumerStatus(
            name, lag.TryGetValue(name, out var l) ? (long)l : null, records.GetValueOrDefault(name), deadLettered.GetValueOrDefault(name),
            waiting.GetValueOrDefault(name), Latency.Of(metrics.Distribution(PlatformMeters.Freshness, name)))).ToList();

        var serving = new ServingStatus(Latency.Of(metrics.Distribution(PlatformMeters.RecommendationDuration)),
            metrics.Tags(PlatformMeters.RecommendationDuration).ToDictionary(
                op => op, op => Latency.Of(metrics.Distribution(PlatformMeters.RecommendationDuration, op))!, StringComparer.Ordinal));

        var version = metrics.Gauge(PlatformMeters.ModelVersion).GetValueOrDefault("");
        var age = metrics.Gauge(PlatformMeters.ModelAge).TryGetValue("", out var a) ? a : (double?)null;
        var builds = await services.GetRequiredService<RunLedger>().RecentAsync(BuildsShown, cancellationToken);

        return new PipelineStatus(clock.GetUtcNow(), ingestion, consumers, serving, new ModelStatus((int)version, age),
            builds.Select(BuildView.Of).ToList());
    }
}

/// <param name="EventsAccepted">Events acknowledged since the host started, duplicates included.</param>
/// <param name="EventsDuplicate">Of those, events the stream already held.</param>
/// <param name="BatchesRejected">Refused requests since the host started, by reason (invalid, too_large, unsupported_media_type, overloaded, throttled).</param>
/// <param name="EventsPerSecond">Accepted events per second over the last minute.</param>
/// <param name="EventsPerSecondLastMinute">Accepted events in each of the last 60 whole seconds, oldest first.</param>
/// <param name="AppendLatency">How long batches took to become durable on the stream; absent before the first.</param>
public sealed record IngestionStatus(
    long EventsAccepted, long EventsDuplicate, IReadOnlyDictionary<string, long> BatchesRejected, double EventsPerSecond,
    IReadOnlyList<long> EventsPerSecondLastMinute, Latency? AppendLatency);

/// <param name="Lag">Records on the stream the consumer has not checkpointed, as last sampled; absent when the stream cannot tell or before the first sample.</param>
/// <param name="RecordsHandled">Records the consumer handled since the host started.</param>
/// <param name="DeadLettered">Records it gave up on since the host started.</param>
/// <param name="DeadLettersWaiting">Its letters in the dead-letter place now (counted up to 1,000 over all consumers).</param>
/// <param name="Freshness">Age of each batch's newest record when the consumer had handled it; absent before the first batch.</param>
public sealed record ConsumerStatus(string Name, long? Lag, long RecordsHandled, long DeadLettered, long DeadLettersWaiting, Latency? Freshness);

/// <param name="Latency">Every serving request since the host started; absent before the first.</param>
/// <param name="ByOperation">The same per operation (GetRecommendations, GetRelatedTracks, ...).</param>
public sealed record ServingStatus(Latency? Latency, IReadOnlyDictionary<string, Latency> ByOperation);

/// <param name="Version">The serving model's version; 0 before the first.</param>
/// <param name="AgeSeconds">Seconds since the serving model was trained; absent before the first.</param>
public sealed record ModelStatus(int Version, double? AgeSeconds);

/// <summary>A distribution of durations in milliseconds: how many, their mean, percentiles of the most recent 2,048 (nearest rank) and the largest of those.</summary>
public sealed record Latency(long Count, double MeanMs, double P50Ms, double P95Ms, double P99Ms, double MaxMs)
{
    public static Latency? Of(Distribution? seconds) => seconds is null ? null
        : new(seconds.Count, Ms(seconds.Mean), Ms(seconds.P50), Ms(seconds.P95), Ms(seconds.P99), Ms(seconds.Max));

    private static double Ms(double seconds) => Math.Round(seconds * 1000, 3);
}
