using Recommender.Core.Analytics;

namespace Recommender.Core.Tests;

public sealed class AnalyticsModelsTests
{
    private static readonly ReportParameters Ana = new(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), "ana");

    [Fact]
    public void the_sql_folder_has_staging_intermediate_and_mart_layers_each_model_described()
    {
        var models = AnalyticsModels.Embedded.All;

        models.Select(m => m.Layer).Distinct().Order().ShouldBe(["intermediate", "marts", "staging"]);
        models.Where(m => m.Layer == "marts").Select(m => m.Name).Order().ShouldBe(ListeningReports.Marts.Order());
        models.ShouldAllBe(m => m.Description.Length > 10);
    }

    [Fact]
    public void a_mart_composes_into_one_statement_with_what_it_needs_before_it()
    {
        var sql = AnalyticsModels.Embedded.Compose("sessions", Ana);

        sql.ShouldStartWith("WITH stg_playback_events AS (");
        var order = new[] { "stg_playback_events AS (", "int_track_catalog AS (", "int_plays AS (", "int_sessions AS (" }.Select(s => sql.IndexOf(s, StringComparison.Ordinal)).ToList();
        order.ShouldAllBe(i => i >= 0);
        order.ShouldBe(order.Order());
        sql.ShouldNotContain("--");
        sql.ShouldNotContain(";");
    }

    [Fact]
    public void every_mart_fills_in_its_parameters_as_literals()
    {
        foreach (var mart in ListeningReports.Marts)
        {
            var sql = AnalyticsModels.Embedded.Compose(mart, Ana);
            sql.ShouldNotMatch(@"(?<![:\w]):[a-z_]+\b", $"{mart} has a parameter left");
            sql.ShouldContain("DATE '2026-03-01'");
            sql.ShouldContain("user_id = 'ana'");
        }
        AnalyticsModels.Embedded.Compose("daily_listening", Ana).ShouldContain("dt >= '2026-02-28'");
    }

    [Fact]
    public void a_listener_id_with_a_quote_stays_one_string_literal()
    {
        var sql = AnalyticsModels.Embedded.Compose("top_tracks", Ana with { UserId = "o'brien' OR '1'='1" });

        sql.ShouldContain("user_id = 'o''brien'' OR ''1''=''1'");
    }

    [Fact]
    public void everyone_is_a_null_listener()
    {
        AnalyticsModels.Embedded.Compose("top_tracks", Ana with { UserId = null }).ShouldContain("(CAST(NULL AS varchar) IS NULL OR user_id = CAST(NULL AS varchar))");
    }

    [Fact]
    public void an_unknown_parameter_or_a_cycle_is_an_error()
    {
        var models = new AnalyticsModels([
            AnalyticsModels.Parse("marts/a.sql", "-- a\nSELECT * FROM b WHERE x = :nonsense"),
            AnalyticsModels.Parse("staging/b.sql", "-- b\nSELECT 1 AS x"),
            AnalyticsModels.Parse("marts/c.sql", "-- c\nSELECT * FROM d"),
            AnalyticsModels.Parse("marts/d.sql", "-- d\nSELECT * FROM c"),
        ]);

        Should.Throw<InvalidOperationException>(() => models.Compose("a", Ana)).Message.ShouldContain(":nonsense");
        Should.Throw<InvalidOperationException>(() => models.Compose("c", Ana)).Message.ShouldContain("refers to itself");
        Should.Throw<KeyNotFoundException>(() => models.Compose("e", Ana));
    }
}
