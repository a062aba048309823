using System.Net;
using System.Net.Sockets;
using Producer.Spotify;
using Producer.Tests.Fakes;

namespace Producer.Tests.Spotify;

/// <summary>A temp home, the fake Spotify and the producer's Spotify pieces pointed at it.</summary>
public sealed class SpotifyTestBed : IAsyncDisposable
{
    public string Home { get; private init; } = "";
    public FakeSpotify Fake { get; private init; } = null!;
    public HttpClient Http { get; private init; } = null!;
    public List<TimeSpan> Delays { get; private init; } = [];
    public SpotifyAccounts Accounts { get; private init; } = null!;
    public TokenStore Store { get; private init; } = null!;
    public SpotifyTokens Tokens { get; private init; } = null!;
    public SpotifyApi Api { get; private init; } = null!;
    public string TokenPath => Path.Combine(Home, "spotify-token.bin");

    public static async Task<SpotifyTestBed> StartAsync()
    {
        var fake = await FakeSpotify.StartAsync();
        var home = Directory.CreateTempSubdirectory("producer-spotify-").FullName;
        var http = new HttpClient();
        var accounts = new SpotifyAccounts(http, fake.BaseUrl, FakeSpotify.ClientId);
        var store = new TokenStore(Path.Combine(home, "spotify-token.bin"), Path.Combine(home, "keys"));
        var tokens = new SpotifyTokens(accounts, store);
        var delays = new List<TimeSpan>();
        var api = new SpotifyApi(http, fake.BaseUrl, tokens, (d, _) =>
        {
            lock (delays) delays.Add(d);
            return Task.CompletedTask;
        });
        return new SpotifyTestBed { Fake = fake, Accounts = accounts, Store = store, Tokens = tokens, Api = api, Delays = delays, Home = home, Http = http };
    }

    /// <summary>Saves tokens the fake issued, as after a login.</summary>
    public void LoggedIn(TimeSpan? expiresIn = null)
    {
        var (access, refresh) = Fake.IssueTokens();
        Store.Save(new StoredToken(access, refresh, DateTimeOffset.UtcNow + (expiresIn ?? TimeSpan.FromHours(1)), null));
    }

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
