using System.Net;
using System.Net.Sockets;
using Producer.Outbox;
using Producer.Spotify;
using Spotify.Fakes;
using Recommender.Contracts;
using Recommender.Core.Events;

namespace Producer.Tests.Spotify;

/// <summary>
/// A temp home, the fake Spotify and the producer's Spotify pieces pointed at it, all on one test clock: waits
/// for Retry-After and backoff move the clock instead of sleeping.
/// </summary>
public sealed class SpotifyTestBed : IAsyncDisposable
{
    public string Home { get; private init; } = "";
    public FakeSpotify Fake { get; private init; } = null!;
    public HttpClient Http { get; private init; } = null!;
    public List<TimeSpan> Delays { get; private init; } = [];
    public ManualClock Time { get; private init; } = null!;
    public List<string> Reports { get; } = [];
    public SpotifyAccounts Accounts { get; private init; } = null!;
    public TokenStore Store { get; private init; } = null!;
    public SpotifyTokens Tokens { get; private init; } = null!;
    public SpotifyApi Api { get; private init; } = null!;
    public string TokenPath => Path.Combine(Home, "spotify-token.bin");

    public static async Task<SpotifyTestBed> StartAsync(TimeSpan? httpTimeout = null)
    {
        var time = new ManualClock(DateTimeOffset.UtcNow);
        var fake = await FakeSpotify.StartAsync(time);
        var home = Directory.CreateTempSubdirectory("producer-spotify-").FullName;
        var http = new HttpClient { Timeout = httpTimeout ?? TimeSpan.FromSeconds(100) };
        var accounts = new SpotifyAccounts(http, fake.BaseUrl, FakeSpotify.ClientId, time);
        var store = new TokenStore(Path.Combine(home, "spotify-token.bin"), Path.Combine(home, "keys"));
        var tokens = new SpotifyTokens(accounts, store, time);
        var delays = new List<TimeSpan>();
        var api = new SpotifyApi(http, fake.BaseUrl, tokens, (d, _) =>
        {
            lock (delays) delays.Add(d);
            time.Advance(d);
            return Task.CompletedTask;
        }, time: time);
        return new SpotifyTestBed { Fake = fake, Accounts = accounts, Store = store, Tokens = tokens, Api = api, Delays = delays, Home = home, Http = http, Time = time };
    }

    /// <summary>Saves tokens the fake issued, as after a login.</summary>
    public void LoggedIn(TimeSpan? expiresIn = null)
    {
        var (access, refresh) = Fake.IssueTokens();
        Store.Save(new StoredToken(access, refresh, Time.GetUtcNow() + (expiresIn ?? TimeSpan.FromHours(1)), null));
    }

    /// <summary>Moves the clock on to <paramref name="at"/>; never back (a Retry-After wait may have passed it already).</summary>
    public void MoveTo(DateTimeOffset at)
    {
        if (Time.GetUtcNow() < at) Time.Advance(at - Time.GetUtcNow());
    }

    public string OutboxPath => Path.Combine(Home, "outbox.db");

    /// <summary>A poller of the default account over an outbox in this home (a second call is a restart: a fresh tracker, the same files).</summary>
    public (EventOutbox Outbox, SpotifyPlayLog Log, SpotifyPoller Poller) Poller(TrackerOptions? options = null)
    {
        var outbox = new EventOutbox(OutboxPath);
        var log = new SpotifyPlayLog(OutboxPath);
        return (outbox, log, new SpotifyPoller(Api, outbox, log, Fake.UserId, options ?? new TrackerOptions(), Time, line =>
        {
            lock (Reports) Reports.Add(line);
        }));
    }

    /// <summary>The events waiting in the outbox, oldest first.</summary>
    public static List<PlaybackEvent> Waiting(EventOutbox outbox) =>
        outbox.Peek(500, EventContract.MaxRequestBytes).SelectMany(r => r.Lines()).Select(l => EventJson.Deserialize(l.Span)).ToList();

    /// <summary>
    /// A free port for a server a test starts later. Taken below Linux's ephemeral range (32768+), so no
    /// outgoing connection of a parallel test can be using it as its source port by the time the server binds.
    /// </summary>
    public static int FreePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var port = Random.Shared.Next(20_000, 32_000);
            var listener = new TcpListener(IPAddress.Loopback, port);
            try
            {
                listener.Start();
                return port;
            }
            catch (SocketException)
            {
            }
            finally
            {
                listener.Stop();
            }
        }
        throw new InvalidOperationException("no free loopback port between 20000 and 32000");
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Fake.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(Home, recursive: true); } catch (IOException) { }
    }
}
