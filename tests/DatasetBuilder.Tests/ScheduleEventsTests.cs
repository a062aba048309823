using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Builds;

namespace DatasetBuilder.Tests;

/// <summary>The dataset-builder host (the Lambda's app) answering EventBridge Scheduler's payloads at POST /events, in Local mode over a temp data folder.</summary>
public sealed class ScheduleEventsTests : IAsyncLifetime
{
    private readonly TempDirectory _dir = new();
    private WebApplicationFactory<DatasetBuilder.Program> _factory = null!;

    public async Task InitializeAsync()
    {
        await Archives.WriteAsync(_dir.Path, Archives.Simulate(3_000));
        _factory = new WebApplicationFactory<DatasetBuilder.Program>().WithWebHostBuilder(b => b
            .UseSetting("Recommender:Mode", "Local")
            .UseSetting("Recommender:DataDirectory", _dir.Path));
    }

    public async Task DisposeAsync()
    {
        await _factory.DisposeAsync();
        _dir.Dispose();
    }

    private async Task<(HttpStatusCode Status, JsonElement Body)> PostAsync(HttpClient client, string json)
    {
        using var response = await client.PostAsync("/events", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        return (response.StatusCode, JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement);
    }

    [Fact]
    public async Task the_build_schedule_firing_twice_builds_the_days_run_once()
    {
        using var client = _factory.CreateClient();

        var (firstStatus, first) = await PostAsync(client, """{"action":"build"}""");
        var (secondStatus, second) = await PostAsync(client, """{"action":"build"}""");

        firstStatus.ShouldBe(HttpStatusCode.OK);
        secondStatus.ShouldBe(HttpStatusCode.OK);
        var today = $"daily-{DateTime.UtcNow:yyyy-MM-dd}";
        first.GetProperty("outcome").GetString().ShouldBe("built");
        first.GetProperty("runs")[0].GetProperty("run_id").GetString().ShouldBe(today);
        first.GetProperty("runs")[0].GetProperty("status").GetString().ShouldBe(RunStatus.Succeeded);
        second.GetProperty("runs")[0].GetProperty("run_id").GetString().ShouldBe(today);
        var runs = await _factory.Services.GetRequiredService<RunLedger>().RecentAsync(10, CancellationToken.None);
        runs.Count.ShouldBe(1);
        runs[0].Trigger.ShouldBe("schedule");
    }

    [Fact]
    public async Task the_resume_schedule_finishes_an_interrupted_run_and_starts_none()
    {
        using var client = _factory.CreateClient();
        var (_, idle) = await PostAsync(client, """{"action":"resume"}""");
        idle.GetProperty("outcome").GetString().ShouldBe("idle");
        (await _factory.Services.GetRequiredService<RunLedger>().RecentAsync(10, CancellationToken.None)).ShouldBeEmpty();

        // a run a previous invocation left at its first step, as the ledger records it
        var now = DateTimeOffset.UtcNow;
        await _factory.Services.GetRequiredService<RunLedger>().CreateAsync(new BuildRun
        {
            RunId = "daily-2026-11-20", Trigger = "schedule", Mode = "local", Watermark = now, StartedAt = now,
        }, CancellationToken.None);
        var (status, resumed) = await PostAsync(client, """{"action":"resume"}""");

        status.ShouldBe(HttpStatusCode.OK);
        resumed.GetProperty("outcome").GetString().ShouldBe("resumed");
        resumed.GetProperty("runs")[0].GetProperty("run_id").GetString().ShouldBe("daily-2026-11-20");
        resumed.GetProperty("runs")[0].GetProperty("status").GetString().ShouldBe(RunStatus.Succeeded);
        var runs = await _factory.Services.GetRequiredService<RunLedger>().RecentAsync(10, CancellationToken.None);
        runs.Count.ShouldBe(1);
        runs[0].Status.ShouldBe(RunStatus.Succeeded);
    }

    [Theory]
    [InlineData("""{"action":"rebuild"}""")]
    [InlineData("""{}""")]
    public async Task an_unknown_action_is_a_problem_and_builds_nothing(string json)
    {
        using var client = _factory.CreateClient();

        var (status, body) = await PostAsync(client, json);

        status.ShouldBe(HttpStatusCode.BadRequest);
        body.GetProperty("title").GetString().ShouldBe("unknown action");
        (await _factory.Services.GetRequiredService<RunLedger>().RecentAsync(10, CancellationToken.None)).ShouldBeEmpty();
    }
}
