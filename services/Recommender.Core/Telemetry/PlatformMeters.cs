namespace Recommender.Core.Telemetry;

/// <summary>
/// The platform's meters and instruments (System.Diagnostics.Metrics), named once here for the services that publish
/// them, the OpenTelemetry exporters (OTLP, Prometheus at /metrics) and the admin status that summarises them.
/// Durations are in seconds, as OpenTelemetry's conventions ask.
/// </summary>
public static class PlatformMeters
{
    /// <summary>Every meter of the platform, for the exporters (the embedded stream's retention meter too).</summary>
    public const string All = "Recommender.*";

    public const string Ingestion = "Recommender.Ingestion";
    public const string Consumers = "Recommender.Consumers";
    public const string Recommendations = "Recommender.Recommendations";
    public const string Engine = "Recommender.Engine";

    /// <summary>Events acknowledged (202), duplicates included.</summary>
    public const string EventsAccepted = "recommender.ingestion.events_accepted";
    /// <summary>Of the acknowledged events, those the stream already held (same user_id and event_id).</summary>
    public const string EventsDuplicate = "recommender.ingestion.events_duplicate";
    /// <summary>Requests refused, by <see cref="ReasonTag"/>: none of their events were kept.</summary>
    public const string BatchesRejected = "recommender.ingestion.batches_rejected";
    /// <summary>How long a batch took to become durable on the stream.</summary>
    public const string AppendDuration = "recommender.ingestion.append.duration";

    /// <summary>Records on the stream a consumer has not checkpointed yet, by <see cref="ConsumerTag"/>.</summary>
    public const string ConsumerLag = "recommender.consumer.lag";
    /// <summary>Records a consumer handled (dead letters included), by <see cref="ConsumerTag"/>.</summary>
    public const string ConsumerRecords = "recommender.consumer.records";
    /// <summary>Records a consumer gave up on and put in the dead-letter place, by <see cref="ConsumerTag"/>.</summary>
    public const string DeadLetters = "recommender.consumer.dead_letters";
    /// <summary>How old the newest record of a batch was when its consumer had handled it (arrival on the stream to done), by <see cref="ConsumerTag"/>.</summary>
    public const string Freshness = "recommender.consumer.freshness";

    /// <summary>How long a serving request took, by <see cref="OperationTag"/>.</summary>
    public const string RecommendationDuration = "recommender.recommendations.duration";

    /// <summary>The serving model's version (0 before the first).</summary>
    public const string ModelVersion = "recommender.model.version";
    /// <summary>Seconds since the serving model was trained (absent before the first).</summary>
    public const string ModelAge = "recommender.model.age";

    public const string ConsumerTag = "consumer";
    public const string ReasonTag = "reason";
    public const string OperationTag = "operation";
}

/// <summary>A class that publishes observable instruments (gauges): the host builds each at start, so they exist from then on.</summary>
public interface IObservableInstruments;
