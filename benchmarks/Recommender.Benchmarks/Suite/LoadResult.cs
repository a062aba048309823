namespace Recommender.Benchmarks.Suite;

/// <summary>What one load run saw: answers by status, latencies in milliseconds, and the wall time the run took.</summary>
public sealed class LoadResult(double[] latenciesMs, long ok, long refused, long failed, TimeSpan elapsed)
{
    public long Ok { get; } = ok;
    /// <summary>429 and 503 answers: the host said "not now".</summary>
    public long Refused { get; } = refused;
    /// <summary>Other statuses, timeouts and connection errors.</summary>
    public long Failed { get; } = failed;
    public TimeSpan Elapsed { get; } = elapsed;
    public double PerSecond => Ok / Math.Max(Elapsed.TotalSeconds, 1e-9);

    private readonly double[] _sorted = latenciesMs.Order().ToArray();

    /// <summary>Nearest-rank percentile of the latencies (0 when there are none).</summary>
    public double Percentile(double q) => _sorted.Length == 0 ? 0 : _sorted[Math.Clamp((int)Math.Ceiling(q * _sorted.Length) - 1, 0, _sorted.Length - 1)];
}
