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
    public void a_listeners_scope_reads_only_the_columns_and_track_fields_the_statements_name()
    {
        var columns = DuckDbLake.ScopeColumns("SELECT e.*, track.name AS n, track.genres FROM playback_events e WHERE user_id = 'a' AND dt > '1'");

        columns.ShouldStartWith("CAST(NULL AS VARCHAR) AS event_id, user_id, CAST(NULL AS VARCHAR) AS track_id");
        columns.ShouldContain("struct_pack(\"name\" := track.\"name\", \"artists\" := CAST(NULL AS STRUCT(id VARCHAR, \"name\" VARCHAR)[])");
        columns.ShouldContain("\"genres\" := track.\"genres\"");
        columns.ShouldContain("CAST(NULL AS MAP(VARCHAR, DOUBLE))");
        columns.ShouldEndWith(") AS track, dt");
        DuckDbLake.ScopeColumns("SELECT track FROM playback_events").ShouldContain(", track, CAST(NULL AS VARCHAR) AS dt");
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
