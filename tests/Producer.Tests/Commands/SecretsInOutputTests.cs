using System.Text.Json.Nodes;
using Producer.Outbox;
using Producer.Spotify;
using Spotify.Fakes;
using Producer.Tests.Outbox;
using Recommender.Contracts;

namespace Producer.Tests.Commands;

/// <summary>
/// The producer's <c>run</c> as a real process, refreshing its Spotify token and posting with a wrong API key and then the right
/// one: no Spotify token (old or refreshed) and no API key may appear in what it prints, nor in the ingestion API's logs.
/// </summary>
public sealed class SecretsInOutputTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("producer-secrets-").FullName;

    [Fact]
    public async Task a_run_that_refreshes_its_token_and_meets_a_bad_key_prints_no_token_and_no_key()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        var apiKey = TestApiKeys.New();
        var wrongKey = TestApiKeys.New();
        await using var api = new RealIngestionApi(Path.Combine(_home, "ingestion-data"), apiKey);
        api.StartServer();
        await File.WriteAllTextAsync(Path.Combine(_home, "producer.json"), new JsonObject
        {
            ["SPOTIFY_CLIENT_ID"] = FakeSpotify.ClientId,
            ["SPOTIFY_ACCOUNTS_URL"] = spotify.BaseUrl.ToString(),
            ["SPOTIFY_API_URL"] = spotify.BaseUrl.ToString(),
            ["PRODUCER_POLL_SECONDS"] = "0.1",
            ["PRODUCER_GAP_SECONDS"] = "0.5",
            ["RECOMMENDER_INGESTION_URL"] = api.BaseAddress.ToString(),
        }.ToJsonString());
        var settings = ProducerSettings.Load(_home);
        var (access, refresh) = spotify.IssueTokens();
        // about to expire: the producer refreshes before its first call
        new TokenStore(settings.TokenPath, settings.KeysPath).Save(new StoredToken(access, refresh, DateTimeOffset.UtcNow.AddSeconds(30), null));
        spotify.CurrentlyPlaying.Enqueue(() => FakeSpotify.Playing(FakeSpotify.TrackJson("t-secret", "Secret Song", 180_000, "a1"), 35_000));

        await using (var wrong = Run(wrongKey))
        {
            // A refused API key stops the run by itself with a one-line error and exit code 1; the events stay queued.
            (await wrong.WaitForExitAsync()).ShouldBe(1, wrong.Output);
            await Eventually.UntilAsync(() => api.Logs.Text.Contains(" 401 ", StringComparison.Ordinal), "the API logged its refusal of the wrong key");
            Scan(wrong.Output);
        }
        await using (var right = Run(apiKey))
        {
            await Eventually.UntilAsync(async () => (await api.ReadStreamAsync()).Count > 0, "the event reached the stream with the right key");
            (await right.InterruptAsync()).ShouldBeOneOf(0, 130);
            Scan(right.Output);
        }
        spotify.RefreshCount.ShouldBeGreaterThanOrEqualTo(1, "the run refreshed its Spotify token");
        Scan(api.Logs.Text);

        void Scan(string text)
        {
            text.ShouldNotBeEmpty();
            foreach (var secret in spotify.IssuedAccessTokens.Concat(spotify.IssuedRefreshTokens).Concat([apiKey, wrongKey]))
                text.ShouldNotContain(secret);
        }
    }

    private DotnetProcess Run(string apiKey) =>
        DotnetProcess.Start("recommender-producer.dll", ["run", "--home", _home], new Dictionary<string, string> { ["RECOMMENDER_API_KEY"] = apiKey });

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
