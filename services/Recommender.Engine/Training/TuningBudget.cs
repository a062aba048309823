using System.Diagnostics;

namespace Recommender.Engine.Training;

/// <summary>
/// The search's time budget, counted in seconds of the cores it uses: the process's CPU time divided by its worker threads. On a
/// quiet machine that is wall time; on a busy one the wall time is longer but the same work fits, so the search chooses the same
/// model whatever else the machine is doing.
/// </summary>
internal sealed class TuningBudget
{
    private readonly TimeSpan _cpuAtStart = CpuTime();
    private readonly int _threads;

    public TuningBudget(TimeSpan limit, int threads)
    {
        Limit = limit;
        _threads = Math.Max(1, threads);
    }

    public TimeSpan Limit { get; }

    public double SpentSeconds => (CpuTime() - _cpuAtStart).TotalSeconds / _threads;

    /// <summary>Whether work estimated at <paramref name="seconds"/> still fits, leaving <paramref name="reserve"/> for the refit.</summary>
    public bool Allows(double seconds, double reserve) => SpentSeconds + seconds + reserve <= Limit.TotalSeconds;

    /// <summary>Seconds of the cores the search uses that <paramref name="work"/> took.</summary>
    public double Measure(Action work)
    {
        var before = SpentSeconds;
        work();
        return SpentSeconds - before;
    }

    private static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
