using Recommender.Adapters.Local.Analytics;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Analytics;

namespace Recommender.Adapters.Local.Tests;

/// <summary>The small layer that lets DuckDB run the reports' Trino SQL: macros under Trino's names, and fast rewrites.</summary>
public sealed class DuckDbDialectTests : IDisposable
{
    private readonly TempDirectory _directory = new();

    [Fact]
    public void every_rewrite_matches_text_in_the_reports()
    {
        var sql = string.Join("\n", AnalyticsModels.Embedded.All.Select(m => m.Sql));

        DuckDbAnalyticsEngine.Rewrites.Keys.ShouldAllBe(source => sql.Contains(source));
    }

    [Theory]
    [InlineData("2026-03-03T01:30:00+01:00", "2026-03-03 00:30:00.000")]
    [InlineData("2026-03-02T23:59:30Z", "2026-03-02 23:59:30.000")]
    [InlineData("2026-03-02T23:59:30.25-05:00", "2026-03-03 04:59:30.250")]
    public async Task a_time_with_any_offset_becomes_the_same_utc_time_by_the_macro_and_by_the_rewrite(string occurredAt, string utc)
    {
        var engine = new DuckDbAnalyticsEngine(new FileEventArchive(_directory.File("archive")));
        const string expression = "CAST(from_iso8601_timestamp(occurred_at) AT TIME ZONE 'UTC' AS timestamp)";
        var input = $"(SELECT {ReportParameters.Literal(occurredAt)} AS occurred_at)";

        // the engine rewrites every statement, so the macro path is asked for through a copy of the text the rewrite does not know
        var byMacro = await engine.QueryAsync($"SELECT {expression.Replace("AS timestamp", "AS TIMESTAMP")} AS t FROM {input}", CancellationToken.None);
        var byRewrite = await engine.QueryAsync($"SELECT {expression} AS t FROM {input}", CancellationToken.None);

        byMacro.Rows.Single().Single().ShouldBe(utc);
        byRewrite.Rows.Single().Single().ShouldBe(utc);
    }

    [Fact]
    public async Task an_archive_without_files_reports_nothing_rather_than_failing()
    {
        var reports = new ListeningReports(new DuckDbAnalyticsEngine(new FileEventArchive(_directory.File("archive"))));

        var stats = await reports.StatsAsync(new ReportParameters(new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31), null), CancellationToken.None);

        stats.Daily.ShouldBeEmpty();
        stats.Sessions.Count.ShouldBe(0);
    }

    public void Dispose() => _directory.Dispose();
}
