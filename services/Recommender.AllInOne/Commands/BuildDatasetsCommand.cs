using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using DatasetBuilder;
using DatasetBuilder.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Core.Builds;
using Recommender.Core.Configuration;
using Recommender.Hosting;

namespace Recommender.AllInOne.Commands;

/// <summary>
/// <c>build-datasets [--data-dir D] [--since last|all] [--mode local|aws] [--tolerance F] [--run-id ID]</c>: one dataset
/// build run, the same the daily schedule does; resumes an interrupted run first. Exit 0 when the run succeeded,
/// 3 when the data did not meet Personalize's requirements (nothing published), 2 on bad input, 1 on failure.
/// </summary>
public static class BuildDatasetsCommand
{
    public const int Invalid = 3;
    public const int Failed = 1;

    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "the data folder (archive/, profiles.db, models/; builds go to builds/ and datasets/)", DefaultValueFactory = _ => DataFolder.Default };
        var since = new Option<string>("--since") { Description = "last: archive partitions since the previous run; all: the whole archive", DefaultValueFactory = _ => "last" };
        since.OneOf("last", "all");
        var mode = new Option<string>("--mode") { Description = "local: files + embedded engine; aws: S3 + Personalize (settings from Aws__* / DatasetBuilder__Aws__* environment variables)", DefaultValueFactory = _ => "local" };
        mode.OneOf(BuildModes.Local, BuildModes.Aws);
        var tolerance = new Option<double?>("--tolerance") { Description = "keep the new model unless its metric is lower than the serving one's by more than this fraction (default 0.05)" };
        var runId = new Option<string?>("--run-id") { Description = "resume or name a run (letters, digits, '-' and '_')" };
        var command = new Command("build-datasets", "Build the Amazon Personalize datasets from the archive, validate them and retrain (locally or on Personalize)")
        {
            dataDir, since, mode, tolerance, runId,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var id = parse.GetValue(runId);
            if (id is not null && (id.Length is 0 or > 40 || !id.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_')))
                return Fail(parse, CommandFailure.BadInput, $"--run-id must be 1-40 letters, digits, '-' or '_'; got \"{id}\"");
            // locally the builder reads the data folder's archive; on AWS the folder is only its staging area
            if (parse.GetValue(mode) == BuildModes.Local && CommandFailure.MissingDataFolder(parse.GetValue(dataDir)!) is { } missing)
                return Fail(parse, CommandFailure.BadInput, missing);
            if (parse.GetValue(tolerance) is { } t && (t is < 0 or >= 1 || double.IsNaN(t)))
                return Fail(parse, CommandFailure.BadInput, $"--tolerance must be at least 0 and below 1; got {t.ToString(CultureInfo.InvariantCulture)}");
            var settings = new Dictionary<string, string?>
            {
                [PlatformAdapters.DataDirectoryKey] = Path.GetFullPath(parse.GetValue(dataDir)!),
                [PlatformAdapters.ModeKey] = parse.GetValue(mode),
                ["DatasetBuilder:Tolerance"] = parse.GetValue(tolerance)?.ToString(CultureInfo.InvariantCulture),
            };
            try
            {
                await using var services = StandaloneBuilder.Compose(settings.Where(s => s.Value is not null).ToDictionary());
                var options = services.GetRequiredService<IOptions<DatasetBuilderOptions>>().Value;
                var build = services.GetRequiredService<DatasetBuild>();
                var clock = Stopwatch.StartNew();
                var run = await build.RunAsync(new BuildRequest(id, parse.GetValue(since) == "last"),
                    new ConsoleProgress(clock), cancellationToken);
                PrintSummary(run, clock.Elapsed);
                return run.Status switch
                {
                    RunStatus.Succeeded => 0,
                    RunStatus.Invalid => Invalid,
                    _ => Failed,
                };
            }
            catch (OptionsValidationException e) { return Fail(parse, CommandFailure.BadInput, ValidatedOptions.OneLine(e)!); }
            catch (BuildBusyException e) { return Fail(parse, Failed, e.Message); }
            catch (OperationCanceledException) { return Fail(parse, Failed, "stopped; the run resumes from its last step next time"); }
            catch (Exception e) when (e is IOException or InvalidDataException or FormatException or TimeoutException or UnauthorizedAccessException
                or InvalidOperationException or Recommender.Adapters.Aws.Protocol.AwsServiceException)
            {
                return Fail(parse, Failed, $"{e.Message} (the run resumes from its last step next time)");
            }
        });
        return command;
    }

    private static void PrintSummary(BuildRun run, TimeSpan elapsed)
    {
        Console.WriteLine();
        Console.WriteLine($"run {run.RunId} ({run.Mode}): {run.Status} in {elapsed.TotalSeconds:F1} s");
        if (run.Counts.Count > 0) Console.WriteLine("  " + string.Join(", ", run.Counts.Select(c => $"{c.Key} {c.Value:N0}")));
        if (run.Metrics.Count > 0)
            Console.WriteLine("  metrics: " + string.Join(", ", run.Metrics.Select(m => $"{m.Key} {m.Value.ToString("0.####", CultureInfo.InvariantCulture)}")));
        if (run.Kept is { } kept) Console.WriteLine(kept ? $"  new model kept{(run.ModelVersion is { } v ? $" (model {v})" : "")}" : "  new model discarded: the serving model stays");
        if (run.Status == RunStatus.Invalid) Console.WriteLine("  nothing published: the datasets do not meet Personalize's requirements (report above)");
        if (run.Status == RunStatus.Failed && run.Report is { } report) Console.WriteLine("  " + report.Split('\n')[^1]);
    }

    private static int Fail(ParseResult parse, int code, string message)
    {
        parse.InvocationConfiguration.Error.WriteLine($"error: {message}");
        return code;
    }

    private sealed class ConsoleProgress(Stopwatch clock) : IProgress<BuildProgress>
    {
        public void Report(BuildProgress value) => Console.WriteLine($"[{clock.Elapsed.TotalSeconds,7:F1}s] {value.Step,-10} {value.Message}");
    }
}
