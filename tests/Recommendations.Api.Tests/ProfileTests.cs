using System.Net;

namespace Recommendations.Api.Tests;

public sealed class ProfileTests(RecommendationsApiFactory factory) : IClassFixture<RecommendationsApiFactory>
{
    [Fact]
    public async Task a_profile_shows_the_counts_tops_recent_tracks_and_hours()
    {
        var client = await factory.SeededClientAsync();

        using var response = await client.GetAsync("/v1/users/jazz-fan/profile");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var p = await Json.ReadAsync(response);
        p.GetProperty("user_id").GetString().ShouldBe("jazz-fan");
        p.GetProperty("plays").GetInt64().ShouldBe(6);
        p.GetProperty("completes").GetInt64().ShouldBe(5);
        p.GetProperty("skips").GetInt64().ShouldBe(1);
        p.GetProperty("skip_rate").GetDouble().ShouldBe(1.0 / 6, 0.0001);
        p.GetProperty("listening_ms").GetInt64().ShouldBe(5 * 200_000 + 5_000);
        var genres = p.GetProperty("top_genres").EnumerateArray().Select(g => (g.GetProperty("name").GetString(), g.GetProperty("count").GetInt64())).ToList();
        genres.ShouldBe([("jazz", 5L), ("metal", 1L)]);
        p.GetProperty("top_artists")[0].GetProperty("name").GetString().ShouldBe("jazz artist");
        p.GetProperty("recent_tracks")[0].GetProperty("track_id").GetString().ShouldBe(RecommendationsApiFactory.Track("metal", 0));
        p.GetProperty("recent_tracks").GetArrayLength().ShouldBe(6);
        p.GetProperty("hour_histogram").EnumerateArray().Sum(h => h.GetInt64()).ShouldBe(6);
        p.GetProperty("hour_histogram").GetArrayLength().ShouldBe(24);
        p.GetProperty("first_seen").GetDateTimeOffset().ShouldBeLessThan(p.GetProperty("last_seen").GetDateTimeOffset());
    }

    [Fact]
    public async Task an_unknown_user_has_no_profile_404()
    {
        using var response = await factory.CreateClient().GetAsync("/v1/users/never-seen/profile");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task history_is_newest_first_and_limited()
    {
        var client = await factory.SeededClientAsync();

        var body = await Json.ReadAsync(await client.GetAsync("/v1/users/jazz-fan/history?limit=2"));

        Json.TrackIds(body).ShouldBe([RecommendationsApiFactory.Track("metal", 0), RecommendationsApiFactory.Track("jazz", 4)]);
        body.GetProperty("items")[0].GetProperty("event_type").GetString().ShouldBe("skip");
    }

    [Theory]
    [InlineData("limit=0")]
    [InlineData("limit=51")]
    [InlineData("limit=-3")]
    [InlineData("limit=many")]
    public async Task a_history_limit_outside_1_to_50_is_refused(string query)
    {
        using var response = await factory.CreateClient().GetAsync($"/v1/users/jazz-fan/history?{query}");

        (await Json.BadParametersAsync(response)).ShouldBe(["limit"]);
    }

    [Fact]
    public async Task an_unknown_users_history_is_404()
    {
        using var response = await factory.CreateClient().GetAsync("/v1/users/never-seen/history");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
