using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Hosting.Telemetry;
using StreamConsumers.Telemetry;

namespace StreamConsumers.Tests;

/// <summary>Consumer instruments on a meter factory of the test's own, and the summary that reads only that factory's meters.</summary>
internal sealed class TestMetrics : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();

    public TestMetrics(TimeProvider? clock = null)
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        Summary = new MetricsSummary(meters, clock ?? TimeProvider.System);
        Instruments = new ConsumerMetrics(meters);
    }

    public ConsumerMetrics Instruments { get; }
    public MetricsSummary Summary { get; }

    /// <summary>Instruments nobody reads, for tests about something else.</summary>
    public static ConsumerMetrics Consumers() => new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());

    public void Dispose()
    {
        Summary.Dispose();
        _services.Dispose();
    }
}
