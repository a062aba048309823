using System.Net;
using System.Text.Json;
using DatasetBuilder.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Core.Builds;

namespace DatasetBuilder.Tests;

public sealed class ScheduleAndApiTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [Theory]
    [InlineData("2026-11-21T02:59:00Z", "2026-11-21T03:00:00Z")]
    [InlineData("2026-11-21T03:00:00Z", "2026-11-22T03:00:00Z")]
    [InlineData("2026-11-21T23:00:00Z", "2026-11-22T03:00:00Z")]
    public void the_daily_timer_fires_next_at_the_configured_time(string now, string next)
    {
        DailySchedule.NextFiring(DateTimeOffset.Parse(now), TimeSpan.FromHours(3)).ShouldBe(DateTimeOffset.Parse(next));
    }

    [Fact]
    public async Task the_schedule_firing_twice_on_one_day_builds_once()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using var builder = new LocalBuilder(_dir.Path);
        var schedule = new DailySchedule(builder.Build, builder.Services.GetRequiredService<DatasetBuilderOptions>(), TimeProvider.System, NullLogger<DailySchedule>.Instance);
        var day = new DateOnly(2026, 11, 21);

        await schedule.FireAsync(day, CancellationToken.None);
        await schedule.FireAsync(day, CancellationToken.None);

        var runs = await builder.Ledger.RecentAsync(10, CancellationToken.None);
        runs.Count.ShouldBe(1);
        runs[0].RunId.ShouldBe("daily-2026-11-21");
        runs[0].Trigger.ShouldBe("schedule");
        builder.Models.Versions().ShouldBe([1]);
    }

    [Fact]
    public void the_timer_is_off_unless_enabled()
    {
        new DatasetBuilderOptions().ScheduleEnabled.ShouldBeFalse();
    }

    [Fact]
    public async Task admin_builds_lists_each_run_with_its_counts_metrics_and_decision()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        await using var builder = new LocalBuilder(_dir.Path);
        await builder.RunAsync("r1");
        await using var app = await StartApiAsync(builder);
        using var client = app.GetTestClient();

        var json = JsonDocument.Parse(await client.GetStringAsync("/v1/admin/builds")).RootElement;

        var run = json.GetProperty("builds").EnumerateArray().Single();
        run.GetProperty("run_id").GetString().ShouldBe("r1");
        run.GetProperty("status").GetString().ShouldBe("succeeded");
        run.GetProperty("kept").GetBoolean().ShouldBeTrue();
        run.GetProperty("counts").GetProperty("interactions").GetInt64().ShouldBe(3_000);
        run.GetProperty("metrics").GetProperty("ndcg@10").GetDouble().ShouldBeGreaterThanOrEqualTo(0);
        run.GetProperty("model_version").GetInt32().ShouldBe(1);
    }

    [Fact]
    public async Task a_bad_limit_gets_a_problem_response_not_a_server_error()
    {
        await using var builder = new LocalBuilder(_dir.Path);
        await using var app = await StartApiAsync(builder);
        using var client = app.GetTestClient();

        var response = await client.GetAsync("/v1/admin/builds?limit=0");

        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
        (await client.GetAsync("/v1/admin/builds?limit=abc")).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    private static async Task<WebApplication> StartApiAsync(LocalBuilder builder)
    {
        var web = WebApplication.CreateSlimBuilder();
        web.WebHost.UseTestServer();
        web.Services.AddProblemDetails();
        web.Services.AddSingleton(builder.Ledger);
        var app = web.Build();
        app.MapDatasetBuilderApi();
        await app.StartAsync();
        return app;
    }
}
