using System.Net;

namespace Recommendations.Api.Tests;

public sealed class RecommendationTests(RecommendationsApiFactory factory) : IClassFixture<RecommendationsApiFactory>
{
    [Fact]
    public async Task a_known_user_gets_a_recommendation_id_and_scored_tracks_of_their_genre_first()
    {
        var client = await factory.SeededClientAsync();

        using var response = await client.GetAsync("/v1/recommendations?user_id=jazz-fan&num_results=10");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await Json.ReadAsync(response);
        body.GetProperty("recommendation_id").GetString().ShouldNotBeNullOrWhiteSpace();
        var items = Json.TrackIds(body);
        items.Count.ShouldBe(10);
        items.Count(t => RecommendationsApiFactory.GenreOf(t) == "jazz").ShouldBeGreaterThan(5);
        body.GetProperty("items").EnumerateArray().ShouldAllBe(i => i.GetProperty("score").ValueKind == System.Text.Json.JsonValueKind.Number);
    }

    [Fact]
    public async Task an_unknown_user_gets_popular_tracks()
    {
        var client = await factory.SeededClientAsync();

        using var response = await client.GetAsync("/v1/recommendations?user_id=nobody-we-know&num_results=5");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        Json.TrackIds(await Json.ReadAsync(response)).Count.ShouldBe(5);
    }

    [Fact]
    public async Task played_tracks_are_excluded_by_default_and_kept_on_request()
    {
        var client = await factory.SeededClientAsync();
        var played = Enumerable.Range(0, 5).Select(i => RecommendationsApiFactory.Track("jazz", i)).ToList();

        var excluded = Json.TrackIds(await Json.ReadAsync(await client.GetAsync("/v1/recommendations?user_id=jazz-fan&num_results=100")));
        var kept = Json.TrackIds(await Json.ReadAsync(await client.GetAsync("/v1/recommendations?user_id=jazz-fan&num_results=100&exclude_played=false")));

        excluded.ShouldNotContain(t => played.Contains(t));
        kept.ShouldContain(t => played.Contains(t));
    }

    [Fact]
    public async Task genre_filters_include_and_exclude_what_they_name()
    {
        var client = await factory.SeededClientAsync();

        var onlyMetal = Json.TrackIds(await Json.ReadAsync(await client.GetAsync("/v1/recommendations?user_id=jazz-fan&num_results=20&genres=metal")));
        var noJazz = Json.TrackIds(await Json.ReadAsync(await client.GetAsync("/v1/recommendations?user_id=jazz-fan&num_results=20&exclude_genres=jazz")));

        onlyMetal.ShouldNotBeEmpty();
        onlyMetal.ShouldAllBe(t => RecommendationsApiFactory.GenreOf(t) == "metal");
        noJazz.ShouldNotBeEmpty();
        noJazz.ShouldAllBe(t => RecommendationsApiFactory.GenreOf(t) != "jazz");
    }

    [Fact]
    public async Task explain_gives_a_reason_per_item()
    {
        var client = await factory.SeededClientAsync();

        var body = await Json.ReadAsync(await client.GetAsync("/v1/recommendations?user_id=jazz-fan&num_results=5&explain=true"));

        body.GetProperty("items").EnumerateArray().ShouldAllBe(i => !string.IsNullOrWhiteSpace(i.GetProperty("reason").GetString()));
    }

    [Theory]
    [InlineData("num_results=0", "num_results")]
    [InlineData("num_results=501", "num_results")]
    [InlineData("num_results=ten", "num_results")]
    [InlineData("num_results=5&num_results=6", "num_results")]
    [InlineData("exclude_played=perhaps", "exclude_played")]
    [InlineData("exclude_skipped=1", "exclude_skipped")]
    [InlineData("explain=yes", "explain")]
    [InlineData("user_id=", "user_id")]
    [InlineData("user_id=%07bell", "user_id")]
    public async Task a_bad_parameter_gets_a_400_problem_naming_it(string query, string parameter)
    {
        var client = factory.CreateClient();

        using var response = await client.GetAsync($"/v1/recommendations?{query}");

        (await Json.BadParametersAsync(response)).ShouldBe([parameter]);
    }

    [Fact]
    public async Task a_user_id_over_256_characters_is_refused()
    {
        using var response = await factory.CreateClient().GetAsync($"/v1/recommendations?user_id={new string('u', 257)}");

        (await Json.BadParametersAsync(response)).ShouldBe(["user_id"]);
    }

    [Fact]
    public async Task more_than_50_genres_are_refused()
    {
        var genres = string.Join(",", Enumerable.Range(0, 51).Select(i => $"g{i}"));

        using var response = await factory.CreateClient().GetAsync($"/v1/recommendations?genres={genres}");

        (await Json.BadParametersAsync(response)).ShouldBe(["genres"]);
    }
}
