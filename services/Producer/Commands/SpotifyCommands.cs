using System.CommandLine;
using System.Diagnostics;
using Producer.Delivery;
using Producer.Outbox;
using Producer.Spotify;
using Spectre.Console;

namespace Producer.Commands;

internal static class SpotifyCommands
{
    public static Command Login(GlobalOptions global)
    {
        var noBrowser = new Option<bool>("--no-browser") { Description = "Only print the authorize URL instead of opening a browser" };
        var command = new Command("login", "Log in to Spotify (Authorization Code with PKCE); tokens are saved encrypted") { noBrowser };
        command.SetAction((parse, cancellationToken) => CommandRunner.Run(async () =>
        {
            var settings = global.Settings(parse);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var spotify = SpotifyConnection.Create(settings, http);
            var flow = new LoginFlow(spotify.Accounts, spotify.Store, settings.RedirectPort);
            await flow.RunAsync(url =>
            {
                Console.WriteLine($"Open this address to log in to Spotify (redirect {flow.RedirectUri}):");
                // AbsoluteUri keeps the escaping (ToString() would turn %20 in scope back into spaces, which breaks a copied link).
                Console.WriteLine(url.AbsoluteUri);
                if (!parse.GetValue(noBrowser)) TryOpenBrowser(url);
                return Task.CompletedTask;
            }, cancellationToken);
            var me = await spotify.Api.MeAsync(cancellationToken);
            using var outbox = new EventOutbox(settings.OutboxPath);
            // Spotify: link by account_id (immutable), not by the id, which may change.
            outbox.SetState(SpotifyState.UserKey, me.LinkKey);
            Console.WriteLine($"Logged in as {me.DisplayName ?? me.Id} (account {me.LinkKey}). Now: recommender-producer run");
            return 0;
        }));
        return command;
    }

    public static Command Logout(GlobalOptions global)
    {
        var command = new Command("logout", "Delete the saved Spotify tokens");
        command.SetAction((parse, _) => CommandRunner.Run(() =>
        {
            var settings = global.Settings(parse);
            new TokenStore(settings.TokenPath, settings.KeysPath).Delete();
            Console.WriteLine("Spotify tokens deleted.");
            return 0;
        }));
        return command;
    }

    public static Command Run(GlobalOptions global)
    {
        var command = new Command("run", "Poll Spotify's currently-playing, turn plays into events and post them through the outbox, until Ctrl+C");
        command.SetAction((parse, cancellationToken) => CommandRunner.Run(async () =>
        {
            var settings = global.Settings(parse);
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var spotify = SpotifyConnection.Create(settings, http);
            if (!spotify.Store.Exists) throw new ProducerException("not logged in to Spotify; run `recommender-producer login` first");
            var time = TimeProvider.System;
            using var outbox = new EventOutbox(settings.OutboxPath, clock: time);
            using var playLog = new SpotifyPlayLog(settings.OutboxPath);
            var userId = outbox.GetState(SpotifyState.UserKey) ?? (await MeWithRetriesAsync(spotify.Api, cancellationToken)).LinkKey;
            outbox.SetState(SpotifyState.UserKey, userId);

            var sender = new OutboxSender(outbox, new IngestionClient(http, settings.IngestionUrl, settings.ApiKey, time), clock: time);
            var poller = new SpotifyPoller(spotify.Api, outbox, playLog, userId, new TrackerOptions
            {
                CompleteThreshold = settings.CompleteThreshold,
                PauseTimeout = settings.PauseTimeout,
                SessionIdle = settings.SessionIdle,
                GapTolerance = settings.GapTolerance,
            }, time, line => AnsiConsole.MarkupLine($"[grey]{time.GetLocalNow():HH:mm:ss}[/] {Markup.Escape(line)}"));

            AnsiConsole.MarkupLine($"Listening as [bold]{Markup.Escape(userId)}[/]; posting to {Markup.Escape(settings.IngestionUrl.ToString())}; Ctrl+C to stop.");
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var sending = sender.RunAsync(stop.Token);
            // A refused API key ends the sender; the run stops with it rather than polling into an outbox nobody drains.
            _ = sending.ContinueWith(_ => StopQuietly(stop), CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
            try
            {
                await poller.RunAsync(settings.PollInterval, settings.BackfillInterval, stop.Token);
            }
            catch (ReloginRequiredException e)
            {
                await Console.Error.WriteLineAsync($"error: {e.Message}");
                return 3;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested || sending.IsFaulted)
            {
            }
            finally
            {
                await stop.CancelAsync();
                await Task.WhenAny(sending);
                Console.WriteLine($"queued {poller.Queued:N0} events, delivered {sender.Delivered:N0}, waiting in the outbox {outbox.Depth:N0}.");
            }
            if (sending.IsFaulted) await sending; // the refused key, as one line and exit 1
            return 0;
        }));
        return command;
    }

    private static void StopQuietly(CancellationTokenSource stop)
    {
        try
        {
            stop.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // the run had ended already
        }
    }

    /// <summary>Who is logged in, waiting out an unreachable Spotify (a stalled token endpoint) rather than giving up.</summary>
    private static async Task<SpotifyUser> MeWithRetriesAsync(SpotifyApi api, CancellationToken cancellationToken)
    {
        var backoff = new Backoff(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(2));
        while (true)
        {
            try
            {
                return await api.MeAsync(cancellationToken);
            }
            catch (SpotifyUnavailableException e)
            {
                await Console.Error.WriteLineAsync($"Spotify unavailable ({e.Message}); retrying");
                await Task.Delay(backoff.Next(), cancellationToken);
            }
        }
    }

    private static void TryOpenBrowser(Uri url)
    {
        var opener = OperatingSystem.IsMacOS() ? "open" : OperatingSystem.IsWindows() ? null : "xdg-open";
        try
        {
            using var _ = opener is null
                ? Process.Start(new ProcessStartInfo(url.ToString()) { UseShellExecute = true })
                : Process.Start(new ProcessStartInfo(opener, url.ToString()) { RedirectStandardError = true, RedirectStandardOutput = true });
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            // No browser here (a server, a container): the printed URL is enough.
        }
    }
}

/// <summary>The Spotify pieces wired from settings, in one place.</summary>
internal sealed record SpotifyConnection(SpotifyAccounts Accounts, TokenStore Store, SpotifyTokens Tokens, SpotifyApi Api)
{
    public static SpotifyConnection Create(ProducerSettings settings, HttpClient http)
    {
        var clientId = settings.SpotifyClientId ?? throw new ProducerException(
            "no Spotify client id: create an app at developer.spotify.com with the redirect URI " +
            $"http://127.0.0.1:{settings.RedirectPort}/callback, then set SPOTIFY_CLIENT_ID");
        var accounts = new SpotifyAccounts(http, settings.SpotifyAccountsUrl, clientId);
        var store = new TokenStore(settings.TokenPath, settings.KeysPath);
        var tokens = new SpotifyTokens(accounts, store);
        return new SpotifyConnection(accounts, store, tokens, new SpotifyApi(http, settings.SpotifyApiUrl, tokens));
    }
}
