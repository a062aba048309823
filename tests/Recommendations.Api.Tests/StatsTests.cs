using System.Net;
using System.Text.Json;

namespace Recommendations.Api.Tests;

/// <summary>The listening reports over the archive, on DuckDB over the local lake the seed was archived to.</summary>
public sealed class StatsTests(RecommendationsApiFactory factory) : IClassFixture<RecommendationsApiFactory>
{
    private string Range => $"from={factory.SeedDays[0]:yyyy-MM-dd}&to={factory.SeedDays[^1]:yyyy-MM-dd}";

    private static readonly string[] Keys =
        ["user_id", "from", "to", "daily", "skip_rate_by_hour", "skip_rate_by_weekday", "genres_by_month", "discovery_by_month", "sessions", "top_tracks", "top_artists"];

    private static List<string> Names(JsonElement e) => e.EnumerateObject().Select(p => p.Name).ToList();

    [Fact]
    public async Task a_listeners_stats_answer_every_report_in_the_documented_shape()
    {
        var client = await factory.SeededClientAsync();

        using var response = await client.GetAsync($"/v1/users/jazz-fan/stats?{Range}");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var s = await Json.ReadAsync(response);
        Names(s).ShouldBe(Keys);
        s.GetProperty("user_id").GetString().ShouldBe("jazz-fan");
        s.GetProperty("from").GetString().ShouldBe($"{factory.SeedDays[0]:yyyy-MM-dd}");
        var daily = s.GetProperty("daily").EnumerateArray().ToList();
        Names(daily[0]).ShouldBe(["date", "plays", "completes", "skips", "listening_ms", "distinct_tracks", "distinct_artists"]);
        daily.Sum(d => d.GetProperty("plays").GetInt64()).ShouldBe(6);
        daily.Sum(d => d.GetProperty("skips").GetInt64()).ShouldBe(1);
        daily.Sum(d => d.GetProperty("listening_ms").GetInt64()).ShouldBe(5 * 200_000 + 5_000);
        var hours = s.GetProperty("skip_rate_by_hour").EnumerateArray().ToList();
        hours.Count.ShouldBe(24);
        Names(hours[0]).ShouldBe(["hour", "plays", "skips", "skip_rate"]);
        hours.Where(h => h.GetProperty("plays").GetInt64() == 0).ShouldAllBe(h => h.GetProperty("skip_rate").ValueKind == JsonValueKind.Null);
        s.GetProperty("skip_rate_by_weekday").GetArrayLength().ShouldBe(7);
        Names(s.GetProperty("skip_rate_by_weekday")[0]).ShouldBe(["weekday", "plays", "skips", "skip_rate"]);
        s.GetProperty("genres_by_month").EnumerateArray().Select(g => (g.GetProperty("genre").GetString(), g.GetProperty("plays").GetInt64()))
            .GroupBy(g => g.Item1).Select(g => (g.Key, g.Sum(x => x.Item2))).ShouldBe([("jazz", 5L), ("metal", 1L)], ignoreOrder: true);
        var discovery = s.GetProperty("discovery_by_month").EnumerateArray().ToList();
        Names(discovery[0]).ShouldBe(["month", "plays", "new_artist_plays", "discovery_rate"]);
        discovery.Sum(d => d.GetProperty("new_artist_plays").GetInt64()).ShouldBe(2); // the jazz artist, then the metal artist
        Names(s.GetProperty("sessions")).ShouldBe(["count", "mean_minutes", "median_minutes", "mean_tracks"]);
        s.GetProperty("sessions").GetProperty("count").GetInt64().ShouldBe(1);
        s.GetProperty("sessions").GetProperty("mean_tracks").GetDouble().ShouldBe(6);
        s.GetProperty("top_tracks")[0].GetProperty("plays").GetInt64().ShouldBe(1);
        s.GetProperty("top_artists")[0].GetProperty("artist").GetString().ShouldBe("jazz artist");
    }

    [Fact]
    public async Task everyones_stats_count_every_listener()
    {
        var client = await factory.SeededClientAsync();

        var s = await Json.ReadAsync(await client.GetAsync($"/v1/stats?{Range}"));

        Names(s).ShouldBe(Keys);
        s.GetProperty("user_id").ValueKind.ShouldBe(JsonValueKind.Null);
        s.GetProperty("daily").EnumerateArray().Sum(d => d.GetProperty("plays").GetInt64()).ShouldBe(factory.SeedCount);
    }

    [Fact]
    public async Task an_unknown_listener_is_404()
    {
        using var response = await (await factory.SeededClientAsync()).GetAsync("/v1/users/never-seen/stats");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Theory]
    [InlineData("/v1/users/jazz-fan/stats?from=2026-13-01", "from")]
    [InlineData("/v1/users/jazz-fan/stats?to=yesterday", "to")]
    [InlineData("/v1/stats?from=2026-03-02&to=2026-03-01", "from")]
    [InlineData("/v1/stats?from=2026-3-2", "from")]
    [InlineData("/v1/stats?from=2026-03-01&from=2026-03-02", "from")]
    public async Task bad_dates_or_from_after_to_are_a_problem_naming_the_parameter(string url, string parameter)
    {
        using var response = await factory.CreateClient().GetAsync(url);

        (await Json.BadParametersAsync(response)).ShouldBe([parameter]);
    }
}
