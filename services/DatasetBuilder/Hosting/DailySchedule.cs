using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace DatasetBuilder.Hosting;

/// <summary>
/// The all-in-one host's stand-in for EventBridge: once a day at DatasetBuilder:ScheduleTimeOfDay (UTC) it builds
/// "since last". The run id is the day's, so a second firing (a restart, a slow clock) resumes or skips that run.
/// </summary>
public sealed class DailySchedule(DatasetBuild build, DatasetBuilderOptions options, TimeProvider time, ILogger<DailySchedule> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.ScheduleEnabled) return;
        logger.LogInformation("daily dataset build at {Time} UTC", options.ScheduleTimeOfDay);
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            var next = NextFiring(now, options.ScheduleTimeOfDay);
            try { await Task.Delay(next - now, time, stoppingToken); }
            catch (OperationCanceledException) { return; }
            await FireAsync(DateOnly.FromDateTime(next.UtcDateTime), stoppingToken);
        }
    }

    public static DateTimeOffset NextFiring(DateTimeOffset now, TimeSpan timeOfDay)
    {
        var today = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero) + timeOfDay;
        return today > now ? today : today.AddDays(1);
    }

    public async Task FireAsync(DateOnly day, CancellationToken cancellationToken)
    {
        var progress = new Progress<BuildProgress>(p => logger.LogInformation("build {Step}: {Message}", p.Step, p.Message));
        try
        {
            var run = await build.RunAsync(new BuildRequest(DatasetBuild.ScheduledRunId(day), SinceLast: true, Trigger: "schedule"), progress, cancellationToken);
            logger.LogInformation("daily build {RunId}: {Status}, kept {Kept}", run.RunId, run.Status, run.Kept);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        catch (BuildBusyException e) { logger.LogInformation("{Message}", e.Message); }
        catch (Exception e)
        {
            // the run keeps its step; tomorrow's firing (or the command) resumes it
            logger.LogError(e, "daily dataset build failed");
        }
    }
}
