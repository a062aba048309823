namespace Recommender.Hosting.Telemetry;

/// <summary>A counter's total, and its increments in each of the last minute's seconds.</summary>
internal sealed class CounterSeries
{
    private const int Seconds = 64;
    private readonly long[] _second = new long[Seconds];
    private readonly long[] _count = new long[Seconds];
    private readonly Lock _lock = new();

    public long Total { get; private set; }

    public void Add(long value, long unixSecond)
    {
        lock (_lock)
        {
            Total += value;
            var slot = (int)(unixSecond % Seconds);
            if (_second[slot] != unixSecond) (_second[slot], _count[slot]) = (unixSecond, 0);
            _count[slot] += value;
        }
    }

    /// <summary>The increments within one second (0 when it is older than the kept minute).</summary>
    public long In(long unixSecond)
    {
        lock (_lock)
        {
            var slot = (int)(((unixSecond % Seconds) + Seconds) % Seconds);
            return _second[slot] == unixSecond ? _count[slot] : 0;
        }
    }
}

/// <summary>A histogram's count and sum, and its most recent values for percentiles.</summary>
internal sealed class HistogramSeries
{
    private const int Kept = 2048;
    private readonly double[] _recent = new double[Kept];
    private readonly Lock _lock = new();
    private long _count;
    private double _sum;

    public void Add(double value)
    {
        lock (_lock)
        {
            _recent[_count % Kept] = value;
            _count++;
            _sum += value;
        }
    }

    public (long Count, double Sum, double[] Recent) Read()
    {
        lock (_lock) return (_count, _sum, _recent.Take((int)Math.Min(_count, Kept)).ToArray());
    }
}

/// <summary>A histogram's measurements summed up: how many, their mean, and percentiles of the most recent ones (in the instrument's unit).</summary>
public sealed record Distribution(long Count, double Mean, double P50, double P95, double P99, double Max)
{
    internal static Distribution Of(IReadOnlyList<HistogramSeries> series)
    {
        var read = series.Select(s => s.Read()).ToList();
        var count = read.Sum(r => r.Count);
        var recent = read.SelectMany(r => r.Recent).Order().ToArray();
        return new Distribution(count, count == 0 ? 0 : read.Sum(r => r.Sum) / count,
            Percentile(recent, 0.50), Percentile(recent, 0.95), Percentile(recent, 0.99), recent.Length == 0 ? 0 : recent[^1]);
    }

    // nearest rank: the smallest value with at least p of the values at or below it
    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? 0 : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
