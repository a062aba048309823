using System.CommandLine;
using System.Text.Json;
using Recommender.Adapters.Local.Archive;
using Recommender.Contracts;
using Recommender.Core.Events;

namespace Recommender.AllInOne.Tests;

/// <summary>The report and compact-archive verbs over a small lake written through the real archive.</summary>
public sealed class ReportCommandTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "report-verb-tests", Guid.NewGuid().ToString("N"));
    private string Lake => Path.Combine(_root, "archive");

    private async Task WriteLakeAsync()
    {
        var clock = new ManualClock(new DateTimeOffset(2026, 11, 1, 13, 0, 0, TimeSpan.Zero));
        var archive = new FileEventArchive(Lake, clock);
        await archive.WriteAsync([TestEvents.Listen("ana", "t1", minute: 0), TestEvents.Listen("ana", "t2", EventTypes.Skip, minute: 4, msPlayed: 9_000)], CancellationToken.None);
        clock.Advance(TimeSpan.FromMinutes(5));
        await archive.WriteAsync([TestEvents.Listen("ben", "t3", minute: 1, artist: "Artist, \"B\"")], CancellationToken.None);
    }

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = await AllInOneCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = error });
        return (exit, output.ToString(), error.ToString());
    }

    [Fact]
    public async Task json_is_the_stats_api_document_for_one_listener()
    {
        await WriteLakeAsync();

        var (exit, output, _) = await RunAsync("report", "--archive", Lake, "--from", "2026-11-01", "--to", "2026-11-01", "--user", "ana", "--format", "json");

        exit.ShouldBe(0);
        var stats = JsonDocument.Parse(output).RootElement;
        stats.GetProperty("user_id").GetString().ShouldBe("ana");
        var day = stats.GetProperty("daily").EnumerateArray().Single();
        (day.GetProperty("date").GetString(), day.GetProperty("plays").GetInt64(), day.GetProperty("skips").GetInt64(), day.GetProperty("listening_ms").GetInt64())
            .ShouldBe(("2026-11-01", 2L, 1L, 189_000L));
    }

    [Fact]
    public async Task csv_of_one_report_goes_to_stdout_with_fields_quoted_as_rfc_4180_says()
    {
        await WriteLakeAsync();

        var (exit, output, _) = await RunAsync("report", "--data-dir", _root, "--from", "2026-11-01", "--to", "2026-11-01", "--report", "top-artists", "--format", "csv");

        exit.ShouldBe(0);
        output.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ShouldBe(["artist,plays,distinct_tracks", "Artist A,2,2", "\"Artist, \"\"B\"\"\",1,1"]);
    }

    [Fact]
    public async Task tables_name_each_report_and_csv_of_many_reports_go_to_a_folder()
    {
        await WriteLakeAsync();

        var (exit, output, _) = await RunAsync("report", "--archive", Lake, "--from", "2026-11-01", "--to", "2026-11-01");
        exit.ShouldBe(0);
        foreach (var name in new[] { "daily-listening", "skip-rate-by-hour", "skip-rate-by-weekday", "genres-by-month", "discovery-by-month", "sessions", "top-tracks", "top-artists" })
            output.ShouldContain(name);

        var folder = Path.Combine(_root, "csv");
        (await RunAsync("report", "--archive", Lake, "--from", "2026-11-01", "--to", "2026-11-01", "--format", "csv", "--output", folder)).Exit.ShouldBe(0);
        Directory.GetFiles(folder, "*.csv").Length.ShouldBe(8);
        File.ReadAllLines(Path.Combine(folder, "skip-rate-by-hour.csv")).Length.ShouldBe(25);
    }

    [Theory]
    [InlineData("--from", "2026-11-31")]
    [InlineData("--to", "1 Nov")]
    public async Task a_bad_date_is_one_line_and_exit_2(string option, string value)
    {
        await WriteLakeAsync();

        var (exit, _, error) = await RunAsync("report", "--archive", Lake, option, value);

        exit.ShouldBe(2);
        error.Trim().ShouldStartWith($"error: {option} must be a date written YYYY-MM-DD");
        error.Trim().ShouldNotContain("\n");
    }

    [Fact]
    public async Task from_after_to_a_missing_archive_or_an_unknown_report_is_exit_2()
    {
        await WriteLakeAsync();

        (await RunAsync("report", "--archive", Lake, "--from", "2026-11-02", "--to", "2026-11-01")).Exit.ShouldBe(2);
        (await RunAsync("report", "--archive", Path.Combine(_root, "nowhere"))).Exit.ShouldBe(2);
        (await RunAsync("report", "--archive", Lake, "--report", "weather")).Exit.ShouldBe(2);
        (await RunAsync("report", "--archive", Lake, "--format", "csv")).Exit.ShouldBe(2);
    }

    [Fact]
    public async Task compact_archive_leaves_one_file_a_day()
    {
        await WriteLakeAsync();

        var (exit, output, _) = await RunAsync("compact-archive", "--archive", Lake);

        exit.ShouldBe(0);
        output.ShouldContain("compacted 1 day partitions: 2 files to 1, 3 events kept");
        new FileEventArchive(Lake).Files(null).Count().ShouldBe(1);
    }

    public void Dispose()
    {
        if (Directory.Exists(_root)) Directory.Delete(_root, recursive: true);
    }
}
