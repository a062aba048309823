using System.Net;
using System.Text.Json.Nodes;
using Producer.Tests.Spotify;
using Spotify.Fakes;

namespace Producer.Tests.Fakes;

/// <summary>The fake does what Spotify does, or the producer's tests prove nothing.</summary>
public class FakeSpotifyTests
{
    [Fact]
    public void the_openapi_check_accepts_spotify_shapes_and_names_what_is_wrong_otherwise()
    {
        SpotifyOpenApi.Check("/me/player/currently-playing", 200, FakeSpotify.Playing(FakeSpotify.TrackJson("t1", "One", 1000, "a1"), 10)).ShouldBeEmpty();
        SpotifyOpenApi.Check("/me/player/currently-playing", 200, FakeSpotify.Episode(10)).ShouldBeEmpty();
        var wrong = new JsonObject { ["progress_ms"] = "ten", ["is_playing"] = true, ["item"] = new JsonObject { ["id"] = 5, ["type"] = "track" }, ["volume"] = 3 };
        var problems = SpotifyOpenApi.Check("/me/player/currently-playing", 200, wrong);
        problems.ShouldContain(p => p.Contains("$.progress_ms should be integer"));
        problems.ShouldContain(p => p.Contains("$.volume is not in the description"));
        problems.ShouldContain(p => p.Contains("$.item matches none"));
        SpotifyOpenApi.Check("/me/player/recently-played", 200, new JsonObject { ["items"] = new JsonArray(new JsonObject { ["played_at"] = "yesterday" }) })
            .ShouldContain(p => p.Contains("not a date-time"));
    }

    [Fact]
    public async Task recently_played_keeps_the_last_fifty_and_refuses_after_with_before()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        var (access, _) = bed.Fake.IssueTokens();
        var t0 = bed.Time.GetUtcNow();
        for (var i = 0; i < 60; i++) bed.Fake.Default.AddPlay(FakeSpotify.TrackJson($"t{i}", "T", 60_000, "a1"), t0.AddMinutes(i));
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(bed.Fake.BaseUrl, "v1/me/player/recently-played?limit=50"));
        request.Headers.Authorization = new("Bearer", access);
        var page = JsonNode.Parse(await (await bed.Http.SendAsync(request)).Content.ReadAsStringAsync())!;
        var ids = page["items"]!.AsArray().Select(i => i!["track"]!["id"]!.GetValue<string>()).ToList();
        ids.Count.ShouldBe(50);
        ids[0].ShouldBe("t59"); // newest first
        ids.ShouldNotContain("t9"); // the oldest ten are gone
        using var both = new HttpRequestMessage(HttpMethod.Get, new Uri(bed.Fake.BaseUrl, "v1/me/player/recently-played?after=1&before=2"));
        both.Headers.Authorization = new("Bearer", access);
        (await bed.Http.SendAsync(both)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        bed.Fake.ShapeViolations.ShouldBeEmpty();
    }

    [Fact]
    public async Task a_development_mode_app_answers_only_its_first_five_users()
    {
        await using var bed = await SpotifyTestBed.StartAsync();
        var others = Enumerable.Range(1, 5).Select(i => bed.Fake.AddAccount($"listener-{i}")).ToList();
        others[3].Allowlisted.ShouldBeTrue();  // the default account and four more make five
        others[4].Allowlisted.ShouldBeFalse();
        var (access, _) = bed.Fake.IssueTokens(others[4]);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(bed.Fake.BaseUrl, "v1/me"));
        request.Headers.Authorization = new("Bearer", access);
        var answer = await bed.Http.SendAsync(request);
        answer.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        (await answer.Content.ReadAsStringAsync()).ShouldContain("User not registered in the Developer Dashboard");
    }
}
