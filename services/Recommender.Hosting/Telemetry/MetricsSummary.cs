using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Recommender.Hosting.Telemetry;

/// <summary>
/// What this host's own instruments measured, kept for the admin status: counters' totals and their last minute per second,
/// histograms' counts and recent values (for percentiles), gauges read on request. It listens only to meters made by the
/// host's <see cref="IMeterFactory"/>, so two hosts in one process (tests) never count each other's measurements.
/// </summary>
public sealed class MetricsSummary : IDisposable
{
    private const string Prefix = "Recommender.";
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tag), CounterSeries> _counters = new();
    private readonly ConcurrentDictionary<(string Instrument, string Tag), HistogramSeries> _histograms = new();
    private readonly Dictionary<(string Instrument, string Tag), double> _gauges = [];
    private readonly Lock _observing = new();
    private readonly TimeProvider _clock;

    public MetricsSummary(IMeterFactory meters, TimeProvider clock)
    {
        _clock = clock;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter.Scope, meters) && instrument.Meter.Name.StartsWith(Prefix, StringComparison.Ordinal))
                listener.EnableMeasurementEvents(instrument);
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>A counter's total since the host started, of one tag value or (null) of all.</summary>
    public long Total(string counter, string? tag = null) =>
        _counters.Where(p => p.Key.Instrument == counter && (tag is null || p.Key.Tag == tag)).Sum(p => p.Value.Total);

    /// <summary>A counter's total per tag value (consumer, reason, ...).</summary>
    public IReadOnlyDictionary<string, long> TotalsByTag(string counter) =>
        _counters.Where(p => p.Key.Instrument == counter).ToDictionary(p => p.Key.Tag, p => p.Value.Total, StringComparer.Ordinal);

    /// <summary>A counter's increments in each of the last <paramref name="seconds"/> whole seconds, oldest first (all tags).</summary>
    public IReadOnlyList<long> PerSecond(string counter, int seconds)
    {
        var now = _clock.GetUtcNow().ToUnixTimeSeconds();
        var totals = new long[seconds];
        foreach (var series in _counters.Where(p => p.Key.Instrument == counter).Select(p => p.Value))
            for (var i = 0; i < seconds; i++) totals[i] += series.In(now - seconds + i);
        return totals;
    }

    /// <summary>A histogram's measurements of one tag value or (null) of all; null when there were none.</summary>
    public Distribution? Distribution(string histogram, string? tag = null)
    {
        var series = _histograms.Where(p => p.Key.Instrument == histogram && (tag is null || p.Key.Tag == tag)).Select(p => p.Value).ToList();
        return series.Count == 0 ? null : Telemetry.Distribution.Of(series);
    }

    /// <summary>The tag values a histogram was recorded with.</summary>
    public IReadOnlyList<string> Tags(string histogram) =>
        _histograms.Keys.Where(k => k.Instrument == histogram).Select(k => k.Tag).Order(StringComparer.Ordinal).ToList();

    /// <summary>Reads every gauge now; the values by tag value ("" for an untagged gauge).</summary>
    public IReadOnlyDictionary<string, double> Gauge(string gauge)
    {
        lock (_observing)
        {
            foreach (var key in _gauges.Keys.Where(k => k.Instrument == gauge).ToList()) _gauges.Remove(key);
            _listener.RecordObservableInstruments();
            return _gauges.Where(p => p.Key.Instrument == gauge).ToDictionary(p => p.Key.Tag, p => p.Value, StringComparer.Ordinal);
        }
    }

    private void Record<T>(Instrument instrument, T value, ReadOnlySpan<KeyValuePair<string, object?>> tags) where T : struct, IConvertible
    {
        var key = (instrument.Name, tags.Length == 0 ? "" : tags[0].Value?.ToString() ?? "");
        var number = value.ToDouble(System.Globalization.CultureInfo.InvariantCulture);
        switch (instrument)
        {
            case Counter<T>: _counters.GetOrAdd(key, _ => new CounterSeries()).Add((long)number, _clock.GetUtcNow().ToUnixTimeSeconds()); break;
            case Histogram<T>: _histograms.GetOrAdd(key, _ => new HistogramSeries()).Add(number); break;
            case ObservableGauge<T>: _gauges[key] = number; break;
        }
    }

    public void Dispose() => _listener.Dispose();
}
