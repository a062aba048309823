using Recommender.Adapters.Local.Analytics;
using Recommender.Adapters.Local.Archive;
using Recommender.Contracts;
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
    public async Task one_warm_engine_sees_events_archived_after_its_first_query_through_a_compaction_and_a_listeners_scope_ends_with_its_statements()
    {
        var archive = new FileEventArchive(_directory.File("archive"), new ManualClock(TestEvents.Start.AddHours(1)));
        using var engine = new DuckDbAnalyticsEngine(archive);
        const string count = "SELECT count(*) AS n FROM playback_events";
        async Task<string?> Count() => (await engine.QueryAsync(count, CancellationToken.None)).Rows.Single().Single();

        await archive.WriteAsync([TestEvents.Listen("ana", "t1", minute: 0)], CancellationToken.None);
        (await Count()).ShouldBe("1");
        await archive.WriteAsync([TestEvents.Listen("ana", "t2", minute: 1), TestEvents.Listen("ben", "t1", minute: 2)], CancellationToken.None);
        (await Count()).ShouldBe("3");
        (await engine.QueryAllAsync([count, count], "ana", CancellationToken.None)).Select(t => t.Rows.Single().Single()).ShouldBe(["2", "2"]);
        await new LakeCompaction(archive).CompactAsync();

        // every pooled connection answers for everyone again: the listener's table went with the statements
        (await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => Count()))).ShouldAllBe(n => n == "3");
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
