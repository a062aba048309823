using System.Net;
using System.Text.Json.Nodes;
using Producer.Commands;
using Producer.Outbox;
using Producer.Spotify;
using Spotify.Fakes;
using Producer.Tests.Spotify;

namespace Producer.Tests.Commands;

[Collection("console")]
public sealed class LoginCommandTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("producer-login-").FullName;

    [Fact]
    public async Task case7_and_case8_login_prints_the_authorize_url_escaped_and_files_the_listener_under_the_account_id()
    {
        await using var spotify = await FakeSpotify.StartAsync();
        var port = SpotifyTestBed.FreePort();
        await File.WriteAllTextAsync(Path.Combine(_home, "producer.json"), new JsonObject
        {
            ["SPOTIFY_CLIENT_ID"] = FakeSpotify.ClientId,
            ["SPOTIFY_ACCOUNTS_URL"] = spotify.BaseUrl.ToString(),
            ["SPOTIFY_API_URL"] = spotify.BaseUrl.ToString(),
            ["SPOTIFY_REDIRECT_PORT"] = port.ToString(),
        }.ToJsonString());
        var stdout = Console.Out;
        var captured = new StringWriter();
        Console.SetOut(TextWriter.Synchronized(captured));
        try
        {
            var running = ProducerCommandLine.Build().Parse(["login", "--no-browser", "--home", _home]).InvokeAsync();
            string? printed = null;
            var deadline = DateTime.UtcNow.AddSeconds(30);
            while (printed is null && !running.IsCompleted && DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
                lock (captured) printed = captured.ToString().Split('\n').Select(l => l.TrimEnd('\r')).FirstOrDefault(l => l.StartsWith(spotify.BaseUrl + "authorize?"));
            }
            printed.ShouldNotBeNull("login printed no authorize URL within 30 s");

            // Case 7: a person copies the printed line into a browser; a space would cut the link short.
            printed.ShouldNotContain(" ");
            printed.ShouldContain("scope=user-read-currently-playing%20user-read-recently-played%20user-read-playback-state");
            using var browser = new HttpClient();
            (await browser.GetAsync(printed)).StatusCode.ShouldBe(HttpStatusCode.OK); // follows Spotify's redirect to the loopback callback
            (await running.WaitAsync(TimeSpan.FromSeconds(30))).ShouldBe(0);
        }
        finally
        {
            Console.SetOut(stdout);
        }

        // Case 8: Spotify says to link accounts by account_id (immutable), not by the profile id.
        using var outbox = new EventOutbox(ProducerSettings.Load(_home).OutboxPath);
        outbox.GetState(SpotifyState.UserKey).ShouldBe(spotify.Default.AccountId);
        spotify.Default.AccountId.ShouldNotBe(spotify.Default.UserId);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
