using System.Net;
using System.Text;

namespace Producer.Spotify;

/// <summary>
/// Authorization Code with PKCE: open the authorize page, catch the redirect on
/// http://127.0.0.1:{port}/callback, check state, exchange the code with the verifier, save the tokens.
/// </summary>
public sealed class LoginFlow(SpotifyAccounts accounts, TokenStore store, int port)
{
    public Uri RedirectUri { get; } = new($"http://127.0.0.1:{port}/callback");

    public async Task<StoredToken> RunAsync(Func<Uri, Task> openBrowser, CancellationToken cancellationToken)
    {
        var verifier = Pkce.CreateVerifier();
        var state = Pkce.CreateState();
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        try
        {
            listener.Start();
        }
        catch (HttpListenerException e)
        {
            throw new ProducerException($"cannot listen on 127.0.0.1:{port} for the login redirect ({e.Message}); set SPOTIFY_REDIRECT_PORT to a free port registered in your Spotify app");
        }
        await openBrowser(accounts.AuthorizeUrl(RedirectUri, Pkce.Challenge(verifier), state));

        while (true)
        {
            var context = await listener.GetContextAsync().WaitAsync(cancellationToken);
            if (context.Request.Url?.AbsolutePath != "/callback")
            {
                Respond(context, 404, "Not the login callback.");
                continue;
            }
            var query = context.Request.QueryString;
            if (query["state"] != state)
            {
                Respond(context, 400, "The login answer does not belong to this login attempt (state mismatch).");
                continue;
            }
            if (query["error"] is { } error)
            {
                Respond(context, 400, $"Spotify login was not completed: {error}.");
                throw new ProducerException($"Spotify login was not completed: {error}");
            }
            if (query["code"] is not { Length: > 0 } code)
            {
                Respond(context, 400, "The login answer carries no code.");
                continue;
            }
            try
            {
                var token = await accounts.ExchangeCodeAsync(code, verifier, RedirectUri, cancellationToken);
                store.Save(token);
                Respond(context, 200, "Logged in to Spotify. You can close this tab and return to the terminal.");
                return token;
            }
            catch (Exception e)
            {
                Respond(context, 500, "The code exchange failed; see the terminal.");
                throw e is ReloginRequiredException ? new ProducerException($"Spotify refused the login code: {e.Message}") : e;
            }
        }
    }

    private static void Respond(HttpListenerContext context, int status, string message)
    {
        var body = Encoding.UTF8.GetBytes($"<!doctype html><title>recommender-producer</title><p>{WebUtility.HtmlEncode(message)}</p>");
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/html; charset=utf-8";
        context.Response.OutputStream.Write(body);
        context.Response.Close();
    }
}
