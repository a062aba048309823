using System.Text.Json.Nodes;
using Producer.Commands;
using Producer.Outbox;
using Producer.Spotify;
using Spotify.Fakes;
using Producer.Tests.Outbox;
using Recommender.Contracts;
using Recommender.Core.Events;

namespace Producer.Tests.Commands;

public sealed class RunCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("producer-run-").FullName;

    [Fact]
    public async Task run_turns_spotify_playback_into_events_on_the_ingestion_stream()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        var apiKey = TestApiKeys.New();
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
            ["RECOMMENDER_API_KEY"] = apiKey,
        }.ToJsonString());
        var (access, refresh) = spotify.IssueTokens();
        var settings = ProducerSettings.Load(_home);
        new TokenStore(settings.TokenPath, settings.KeysPath).Save(new StoredToken(access, refresh, DateTimeOffset.UtcNow.AddHours(1), null));
        spotify.ArtistGenres["a1"] = ["dream pop"];
        // Already 35 s into the track when first seen, then playback stops (204 past the gap tolerance): one complete.
        spotify.CurrentlyPlaying.Enqueue(() => FakeSpotify.Playing(FakeSpotify.TrackJson("t-run", "Run Song", 180_000, "a1"), 35_000));

        using var stop = new CancellationTokenSource();
        var running = ProducerCommandLine.Build().Parse(["run", "--home", _home]).InvokeAsync(cancellationToken: stop.Token);
        var stream = await Eventually.ValueAsync(api.ReadStreamAsync, s => s.Count > 0 || running.IsCompleted,
            "the producer's run put the played track on the ingestion stream");
        // The API appends before it answers: the producer removes the event from its outbox only once the 202 is back.
        await Eventually.UntilAsync(() => OutboxDepth(settings) == 0 || running.IsCompleted, "the producer emptied its outbox after the 202");
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

    private static long OutboxDepth(ProducerSettings settings)
    {
        using var outbox = new EventOutbox(settings.OutboxPath);
        return outbox.Depth;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
