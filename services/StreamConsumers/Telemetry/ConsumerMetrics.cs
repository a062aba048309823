using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Recommender.Core.Telemetry;

namespace StreamConsumers.Telemetry;

/// <summary>The consumers' instruments, each by consumer name: records handled, dead letters, freshness, lag.</summary>
public sealed class ConsumerMetrics : IObservableInstruments
{
    private readonly ConcurrentDictionary<string, long> _lag = new(StringComparer.Ordinal);
    private readonly Counter<long> _records;
    private readonly Counter<long> _deadLetters;
    private readonly Histogram<double> _freshness;

    public ConsumerMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PlatformMeters.Consumers);
        _records = meter.CreateCounter<long>(PlatformMeters.ConsumerRecords, "{record}", "Records a consumer handled, dead letters included");
        _deadLetters = meter.CreateCounter<long>(PlatformMeters.DeadLetters, "{record}", "Records a consumer gave up on and put in the dead-letter place");
        _freshness = meter.CreateHistogram<double>(PlatformMeters.Freshness, "s",
            "Age of a batch's newest record when its consumer had handled it: from arrival on the stream to done");
        meter.CreateObservableGauge(PlatformMeters.ConsumerLag,
            () => _lag.Select(p => new Measurement<long>(p.Value, Tag(p.Key))), "{record}",
            "Records on the stream the consumer has not checkpointed yet, as last sampled");
    }

    /// <summary>A batch is done: <paramref name="records"/> checkpointed, the newest of them <paramref name="age"/> old.</summary>
    public void Handled(string consumer, int records, TimeSpan age)
    {
        _records.Add(records, Tag(consumer));
        _freshness.Record(Math.Max(0, age.TotalSeconds), Tag(consumer));
    }

    public void DeadLettered(string consumer) => _deadLetters.Add(1, Tag(consumer));

    /// <summary>The consumer's lag as just read from the stream; null (the stream cannot tell) leaves the gauge without a value.</summary>
    public void LagIs(string consumer, long? lag)
    {
        if (lag is { } value) _lag[consumer] = value;
        else _lag.TryRemove(consumer, out _);
    }

    private static KeyValuePair<string, object?> Tag(string consumer) => new(PlatformMeters.ConsumerTag, consumer);
}
