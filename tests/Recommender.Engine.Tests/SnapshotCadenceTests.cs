using Recommender.Engine.Hosting;

namespace Recommender.Engine.Tests;

public sealed class SnapshotCadenceTests
{
    private static readonly EngineOptions Options = new() { SnapshotEvents = 100, SnapshotMinInterval = TimeSpan.FromMinutes(1) };

    [Fact]
    public void a_snapshot_waits_for_enough_new_events_and_for_the_minimum_interval_since_the_last()
    {
        EngineCheckpointer.IsDue(99, TimeSpan.FromHours(1), Options).ShouldBeFalse();
        EngineCheckpointer.IsDue(100_000, TimeSpan.FromSeconds(59), Options).ShouldBeFalse();
        EngineCheckpointer.IsDue(100, TimeSpan.FromMinutes(1), Options).ShouldBeTrue();
    }

    [Fact]
    public void a_negative_minimum_interval_is_refused()
    {
        new EngineOptions { SnapshotMinInterval = TimeSpan.FromSeconds(-1) }.Problems().ShouldContain(p => p.Contains("SnapshotMinInterval"));
    }
}
