using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Contracts;
using Recommender.Hosting.Telemetry;

namespace Recommender.AllInOne.Tests.Metrics;

/// <summary>The summary behind GET /v1/admin/status reads exactly what its host's instruments measured.</summary>
public sealed class MetricsSummaryTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly ManualClock _clock = new(DateTimeOffset.FromUnixTimeSeconds(1_800_000_000));
    private readonly MetricsSummary _summary;
    private readonly Meter _meter;

    public MetricsSummaryTests()
    {
        var meters = _services.GetRequiredService<IMeterFactory>();
        _summary = new MetricsSummary(meters, _clock);
        _meter = meters.Create("Recommender.Test");
    }

    [Fact]
    public void a_counter_shows_its_total_and_what_it_counted_in_each_second_of_the_last_minute()
    {
        var counter = _meter.CreateCounter<long>("test.events");
        counter.Add(5);
        _clock.Advance(TimeSpan.FromSeconds(1));
        counter.Add(2);
        counter.Add(1);
        _clock.Advance(TimeSpan.FromSeconds(1));

        _summary.Total("test.events").ShouldBe(8);
        _summary.PerSecond("test.events", 3).ShouldBe([0L, 5L, 3L]);
        _clock.Advance(TimeSpan.FromMinutes(2));
        _summary.PerSecond("test.events", 60).Sum().ShouldBe(0, "the minute has passed");
        _summary.Total("test.events").ShouldBe(8);
    }

    [Fact]
    public void a_histogram_shows_its_count_mean_and_nearest_rank_percentiles()
    {
        var histogram = _meter.CreateHistogram<double>("test.duration");
        for (var i = 1; i <= 100; i++) histogram.Record(i, new KeyValuePair<string, object?>("operation", i % 2 == 0 ? "even" : "odd"));

        var all = _summary.Distribution("test.duration").ShouldNotBeNull();
        all.Count.ShouldBe(100);
        all.Mean.ShouldBe(50.5);
        (all.P50, all.P95, all.P99, all.Max).ShouldBe((50.0, 95.0, 99.0, 100.0));
        _summary.Distribution("test.duration", "even").ShouldNotBeNull().Count.ShouldBe(50);
        _summary.Tags("test.duration").ShouldBe(["even", "odd"]);
        _summary.Distribution("test.nothing").ShouldBeNull();
    }

    [Fact]
    public void a_gauge_is_read_when_asked_by_tag()
    {
        var lag = 7L;
        _meter.CreateObservableGauge("test.lag", () => new Measurement<long>(lag, new KeyValuePair<string, object?>("consumer", "archive")));

        _summary.Gauge("test.lag").ShouldBe(new Dictionary<string, double> { ["archive"] = 7 });
        lag = 0;
        _summary.Gauge("test.lag").ShouldBe(new Dictionary<string, double> { ["archive"] = 0 });
    }

    [Fact]
    public void measurements_of_another_hosts_meters_are_not_counted()
    {
        using var other = new ServiceCollection().AddMetrics().BuildServiceProvider();
        using var foreign = other.GetRequiredService<IMeterFactory>().Create("Recommender.Test");
        foreign.CreateCounter<long>("test.events").Add(100);
        _meter.CreateCounter<long>("test.events").Add(1);

        _summary.Total("test.events").ShouldBe(1);
    }

    public void Dispose()
    {
        _summary.Dispose();
        _services.Dispose();
    }
}
