using System.Text.Json.Nodes;
using Producer.Commands;
using Producer.Outbox;
using Producer.Spotify;
using Producer.Tests.Fakes;
using Producer.Tests.Outbox;
using Producer.Tests.Spotify;
using Recommender.Core.Events;

namespace Producer.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("producer-run-").FullName;

    [Fact]
    public async Task run_turns_spotify_playback_into_events_on_the_ingestion_stream()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        var port = SpotifyTestBed.FreePort();
        await using var api = new RealIngestionApi(Path.Combine(_home, "ingestion-data"), port, apiKey: "k1");
        api.StartServer();
        await File.WriteAllTextAsync(Path.Combine(_home, "producer.json"), new JsonObject
        {
            ["SPOTIFY_CLIENT_ID"] = FakeSpotify.ClientId,
            ["SPOTIFY_ACCOUNTS_URL"] = spotify.BaseUrl.ToString(),
            ["SPOTIFY_API_URL"] = spotify.BaseUrl.ToString(),
            ["PRODUCER_POLL_SECONDS"] = "0.1",
            ["PRODUCER_GAP_SECONDS"] = "0.5",
            ["RECOMMENDER_INGESTION_URL"] = $"http://127.0.0.1:{port}",
            ["RECOMMENDER_API_KEY"] = "k1",
        }.ToJsonString());
        var (access, refresh) = spotify.IssueTokens();
        var settings = ProducerSettings.Load(_home);
        new TokenStore(settings.TokenPath, settings.KeysPath).Save(new StoredToken(access, refresh, DateTimeOffset.UtcNow.AddHours(1), null));
        spotify.ArtistGenres["a1"] = ["dream pop"];
        // Already 35 s into the track when first seen, then playback stops (204 past the gap tolerance): one complete.
        spotify.CurrentlyPlaying.Enqueue(() => FakeSpotify.Playing(FakeSpotify.TrackJson("t-run", "Run Song", 180_000, "a1"), 35_000));

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var running = ProducerCommandLine.Build().Parse(["run", "--home", _home]).InvokeAsync(cancellationToken: stop.Token);
        IReadOnlyList<PlaybackEvent> stream = [];
        long waiting = 1;
        // Stop only once the outbox has removed what the stream acknowledged: a stop between the 202 and the removal
        // leaves the event to be sent again next time (safe, but not what this test looks at).
        while (!stop.IsCancellationRequested && (stream.Count == 0 || waiting > 0) && !running.IsCompleted)
        {
            await Task.Delay(100);
            stream = await api.ReadStreamAsync();
            if (stream.Count > 0 && File.Exists(settings.OutboxPath))
            {
                using var peek = new EventOutbox(settings.OutboxPath);
                waiting = peek.Depth;
            }
        }
        await stop.CancelAsync();
        (await running).ShouldBe(0);

        var e = stream.ShouldHaveSingleItem();
        // Filed under the immutable account_id, as Spotify says to link accounts (not the profile id, which may change).
        (e.UserId, e.TrackId, e.EventType).ShouldBe((spotify.Default.AccountId, "t-run", EventTypes.Complete));
        e.MsPlayed!.Value.ShouldBeGreaterThanOrEqualTo(35_000);
        e.Track!.Genres.ShouldBe(["dream pop"]);
        using var outbox = new EventOutbox(settings.OutboxPath);
        outbox.GetState(SpotifyState.UserKey).ShouldBe(spotify.Default.AccountId);
        outbox.Depth.ShouldBe(0);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
