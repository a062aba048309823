using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
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

    /// <summary>
    /// analytics/composed.json holds every mart composed with fixed parameters: the text this composer gives, and the text
    /// infra-pulumi/analyticsSql.ts must give for the Athena named queries (its test reads the same file), so the two agree.
    /// </summary>
    [Fact]
    public void every_mart_composes_to_the_text_the_pulumi_program_composes_too()
    {
        var parameters = new ReportParameters(new DateOnly(2026, 3, 1), new DateOnly(2026, 3, 31), "o'brien");
        var composed = new JsonObject
        {
            ["parameters"] = new JsonObject(new[] { "from_date", "to_date", "user_id", "archived_since" }
                .Select(p => KeyValuePair.Create(p, (JsonNode?)parameters.Apply(":" + p)))),
            ["marts"] = new JsonObject(ListeningReports.Marts.Order(StringComparer.Ordinal)
                .Select(m => KeyValuePair.Create(m, (JsonNode?)AnalyticsModels.Embedded.Compose(m, parameters)))),
        }.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
        var file = Path.Combine(RepositoryRoot(), "analytics", "composed.json");
        // after a change to analytics/: ANALYTICS_WRITE_COMPOSED=1 dotnet test tests/Recommender.Core.Tests --filter every_mart_composes
        if (Environment.GetEnvironmentVariable("ANALYTICS_WRITE_COMPOSED") == "1") File.WriteAllText(file, composed);

        File.ReadAllText(file).ReplaceLineEndings("\n").ShouldBe(composed,
            "analytics/composed.json is out of date: rewrite it with ANALYTICS_WRITE_COMPOSED=1 dotnet test tests/Recommender.Core.Tests --filter every_mart_composes, then run infra-pulumi's tests");
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Recommender.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new DirectoryNotFoundException($"no Recommender.sln above {AppContext.BaseDirectory}");
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
