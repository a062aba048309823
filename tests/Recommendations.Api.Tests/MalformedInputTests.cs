using System.Net.Http.Headers;
using System.Text;

namespace Recommendations.Api.Tests;

/// <summary>Bad input is the client's problem on every endpoint: never a 5xx.</summary>
public sealed class MalformedInputTests(RecommendationsApiFactory factory) : IClassFixture<RecommendationsApiFactory>
{
    private static readonly string[] Queries =
    [
        "user_id=%00", "user_id=%ff%fe", "user_id=%ed%a0%80", "num_results=99999999999999999999", "num_results=-1", "num_results=1e3",
        "num_results=%20", "genres=%00,%01", "genres=" + new string(',', 5000), "exclude_artists=" + string.Join(",", Enumerable.Repeat("a", 60)),
        "explain=", "exclude_played=TRUE%00", "user_id=a&user_id=b", "limit=" + new string('9', 400), "%zz=1", "a=%", "num_results",
    ];

    [Fact]
    public async Task no_malformed_query_or_id_gets_a_5xx()
    {
        var client = await factory.SeededClientAsync();
        var failures = new List<string>();
        string[] paths = ["/v1/recommendations", "/v1/users/jazz-fan/history", "/v1/tracks/jazz-track-01/related", "/v1/users/%01/profile", "/v1/users/%ff/history", "/v1/tracks/%ed%a0%80/related"];
        foreach (var path in paths)
            foreach (var query in Queries)
            {
                using var response = await client.GetAsync($"{path}?{query}");
                if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} for {path}?{query}");
            }
        failures.ShouldBeEmpty();
    }

    [Fact]
    public async Task no_malformed_ranking_body_gets_a_5xx()
    {
        var client = await factory.SeededClientAsync();
        var random = new Random(11);
        var bodies = Enumerable.Range(0, 60).Select(_ =>
        {
            var bytes = new byte[random.Next(0, 600)];
            random.NextBytes(bytes);
            return bytes;
        }).Concat(new[]
        {
            "", "null", "{\"user_id\":\"\\ud800\",\"track_ids\":[\"\\udfff\"]}", "{\"user_id\":null,\"track_ids\":null}",
            "{\"user_id\":\"u\",\"track_ids\":[" + string.Join(",", Enumerable.Repeat("null", 10)) + "]}",
            string.Concat(Enumerable.Repeat("[", 3000)), "{\"user_id\":\"u\",\"track_ids\":[[[[[[[[[[\"a\"]]]]]]]]]]}",
            "{\"user_id\":\"u\",\"track_ids\":[\"" + new string('t', 300) + "\"]}",
        }.Select(Encoding.UTF8.GetBytes));

        var failures = new List<string>();
        foreach (var body in bodies)
        {
            var content = new ByteArrayContent(body);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            using var response = await client.PostAsync("/v1/rankings", content);
            if ((int)response.StatusCode >= 500) failures.Add($"{(int)response.StatusCode} for {Convert.ToBase64String(body.AsSpan(0, Math.Min(80, body.Length)))}");
        }
        failures.ShouldBeEmpty();
    }
}
