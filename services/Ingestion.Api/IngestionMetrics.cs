using System.Diagnostics.Metrics;
using Recommender.Core.Telemetry;

namespace Ingestion.Api;

/// <summary>The ingestion API's instruments: events acknowledged, batches refused, how long appends take.</summary>
public sealed class IngestionMetrics
{
    private readonly Counter<long> _accepted;
    private readonly Counter<long> _duplicates;
    private readonly Counter<long> _rejected;
    private readonly Histogram<double> _append;

    public IngestionMetrics(IMeterFactory meters)
    {
        var meter = meters.Create(PlatformMeters.Ingestion);
        _accepted = meter.CreateCounter<long>(PlatformMeters.EventsAccepted, "{event}", "Events acknowledged (202) as durable on the stream, duplicates included");
        _duplicates = meter.CreateCounter<long>(PlatformMeters.EventsDuplicate, "{event}", "Acknowledged events the stream already held (same user_id and event_id)");
        _rejected = meter.CreateCounter<long>(PlatformMeters.BatchesRejected, "{batch}", "Requests refused, by reason; none of their events were kept");
        _append = meter.CreateHistogram<double>(PlatformMeters.AppendDuration, "s", "Time for a batch to become durable on the stream");
    }

    public void Accepted(int events, int duplicates)
    {
        _accepted.Add(events);
        if (duplicates > 0) _duplicates.Add(duplicates);
    }

    /// <param name="reason">invalid, too_large, unsupported_media_type, overloaded or throttled.</param>
    public void Rejected(string reason) => _rejected.Add(1, new KeyValuePair<string, object?>(PlatformMeters.ReasonTag, reason));

    public void Appended(TimeSpan took) => _append.Record(took.TotalSeconds);
}
