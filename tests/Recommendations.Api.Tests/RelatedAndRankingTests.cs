using System.Net;
using System.Net.Http.Json;
using System.Text;

namespace Recommendations.Api.Tests;

public sealed class RelatedAndRankingTests(RecommendationsApiFactory factory) : IClassFixture<RecommendationsApiFactory>
{
    [Fact]
    public async Task related_tracks_of_a_known_track_come_mostly_from_its_genre()
    {
        var client = await factory.SeededClientAsync();

        using var response = await client.GetAsync($"/v1/tracks/{RecommendationsApiFactory.Track("techno", 3)}/related?num_results=10");

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var related = Json.TrackIds(await Json.ReadAsync(response));
        related.ShouldNotBeEmpty();
        related.ShouldNotContain(RecommendationsApiFactory.Track("techno", 3));
        related.Count(t => RecommendationsApiFactory.GenreOf(t) == "techno").ShouldBeGreaterThan(related.Count / 2);
    }

    [Fact]
    public async Task an_unknown_track_has_no_related_tracks_404()
    {
        var client = await factory.SeededClientAsync();

        using var response = await client.GetAsync("/v1/tracks/not-a-track/related");

        response.StatusCode.ShouldBe(HttpStatusCode.NotFound);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task related_num_results_is_validated()
    {
        using var response = await factory.CreateClient().GetAsync("/v1/tracks/jazz-track-01/related?num_results=1000");

        (await Json.BadParametersAsync(response)).ShouldBe(["num_results"]);
    }

    [Fact]
    public async Task a_ranking_returns_the_given_tracks_with_the_users_genre_first()
    {
        var client = await factory.SeededClientAsync();
        string[] given = [RecommendationsApiFactory.Track("metal", 10), RecommendationsApiFactory.Track("techno", 10), RecommendationsApiFactory.Track("jazz", 10)];

        using var response = await client.PostAsJsonAsync("/v1/rankings", new { user_id = "jazz-fan", track_ids = given });

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var body = await Json.ReadAsync(response);
        body.GetProperty("recommendation_id").GetString().ShouldNotBeNullOrWhiteSpace();
        var ranked = Json.TrackIds(body);
        ranked.ShouldBe(given, ignoreOrder: true);
        ranked[0].ShouldBe(RecommendationsApiFactory.Track("jazz", 10));
    }

    [Theory]
    [InlineData("{\"track_ids\":[\"a\"]}", "user_id")]
    [InlineData("{\"user_id\":\"u\"}", "track_ids")]
    [InlineData("{\"user_id\":\"u\",\"track_ids\":[]}", "track_ids")]
    [InlineData("{\"user_id\":\"u\",\"track_ids\":\"a\"}", "track_ids")]
    [InlineData("{\"user_id\":\"u\",\"track_ids\":[\"a\",7]}", "track_ids[1]")]
    [InlineData("{\"user_id\":5,\"track_ids\":[\"a\"]}", "user_id")]
    [InlineData("[1,2]", "$")]
    [InlineData("{not json", "$")]
    public async Task a_bad_ranking_request_gets_a_400_problem_naming_the_field(string body, string field)
    {
        using var response = await factory.CreateClient().PostAsync("/v1/rankings", new StringContent(body, Encoding.UTF8, "application/json"));

        (await Json.BadParametersAsync(response)).ShouldContain(field);
    }

    [Fact]
    public async Task more_than_500_track_ids_are_refused()
    {
        var ids = Enumerable.Range(0, 501).Select(i => $"t{i}").ToArray();

        using var response = await factory.CreateClient().PostAsJsonAsync("/v1/rankings", new { user_id = "u", track_ids = ids });

        (await Json.BadParametersAsync(response)).ShouldBe(["track_ids"]);
    }

    [Fact]
    public async Task a_ranking_request_that_is_not_json_gets_415()
    {
        using var response = await factory.CreateClient().PostAsync("/v1/rankings", new StringContent("user_id=u", Encoding.UTF8, "text/plain"));

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
    }

    [Fact]
    public async Task a_ranking_request_in_a_charset_other_than_utf8_gets_415()
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes("{\"user_id\":\"caf\u00e9\",\"track_ids\":[\"t1\"]}"));
        content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse("application/json; charset=latin1");

        using var response = await factory.CreateClient().PostAsync("/v1/rankings", content);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/problem+json");
    }

    [Fact]
    public async Task the_probes_and_the_openapi_document_answer()
    {
        var client = factory.CreateClient();

        (await client.GetAsync("/healthz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        (await client.GetAsync("/readyz")).StatusCode.ShouldBe(HttpStatusCode.OK);
        var document = await client.GetStringAsync("/openapi/v1.json");
        foreach (var path in new[] { "/v1/recommendations", "/v1/users/{id}/profile", "/v1/users/{id}/history", "/v1/tracks/{id}/related", "/v1/rankings" })
            document.ShouldContain(path);
    }
}
