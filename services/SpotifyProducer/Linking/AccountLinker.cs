using Microsoft.AspNetCore.WebUtilities;
using Producer.Spotify;
using Recommender.Core.SpotifyLinks;
using SpotifyProducer.Polling;

namespace SpotifyProducer.Linking;

/// <summary>A connect was refused; <see cref="Status"/> is the HTTP status the callback answers with.</summary>
public sealed class LinkRefusedException(int status, string message) : Exception(message)
{
    public int Status { get; } = status;
}

/// <summary>A connect started: where to send the listener, and until when the callback is expected.</summary>
public sealed record ConnectStarted(Uri AuthorizeUrl, DateTimeOffset ExpiresAt);

/// <summary>
/// Links a listener's Spotify account with Authorization Code and PKCE, the verifier and the state kept server-side
/// (in the link store, so any instance can take the callback) until the callback takes them or they expire. The
/// tokens are sealed before they are stored; Spotify's account_id names the account, which feeds one listener only.
/// </summary>
public sealed class AccountLinker(ISpotifyLinkStore links, ITokenCipher cipher, SpotifyClients clients, TimeProvider time)
{
    public async Task<ConnectStarted> StartAsync(string userId, Uri redirectUri, CancellationToken cancellationToken)
    {
        var verifier = Pkce.CreateVerifier();
        var state = Pkce.CreateState();
        var expiresAt = time.GetUtcNow() + clients.Options.ConnectExpiry;
        await links.SavePendingAsync(new PendingAuthorization(state, userId, verifier, redirectUri.AbsoluteUri, expiresAt), cancellationToken);
        return new ConnectStarted(clients.Accounts().AuthorizeUrl(redirectUri, Pkce.Challenge(verifier), state, SpotifyClients.Scopes), expiresAt);
    }

    /// <summary>The callback: the pending connect of <paramref name="state"/> is used up whatever happens next.</summary>
    public async Task<SpotifyLink> FinishAsync(string state, string? code, string? error, CancellationToken cancellationToken)
    {
        var pending = await links.TakePendingAsync(state, time.GetUtcNow(), cancellationToken)
            ?? throw new LinkRefusedException(StatusCodes.Status400BadRequest, "this connect is unknown, already finished or expired; start again from GET /v1/spotify/connect");
        if (error is not null) throw new LinkRefusedException(StatusCodes.Status400BadRequest, $"Spotify did not link the account: {error}");
        if (string.IsNullOrEmpty(code)) throw new LinkRefusedException(StatusCodes.Status400BadRequest, "the callback carries neither code nor error");

        FixedTokens tokens;
        SpotifyUser me;
        try
        {
            tokens = new FixedTokens(await clients.Accounts().ExchangeCodeAsync(code, pending.CodeVerifier, new Uri(pending.RedirectUri), cancellationToken));
            me = await clients.Api(tokens).MeAsync(cancellationToken);
        }
        catch (ReloginRequiredException e)
        {
            throw new LinkRefusedException(StatusCodes.Status400BadRequest, $"Spotify refused the authorization code ({e.Reason}); start again");
        }
        catch (SpotifyForbiddenException e)
        {
            throw new LinkRefusedException(StatusCodes.Status403Forbidden, e.Message);
        }
        catch (Exception e) when (e is SpotifyUnavailableException or Producer.ProducerException)
        {
            throw new LinkRefusedException(StatusCodes.Status502BadGateway, $"Spotify could not finish the link: {e.Message}");
        }

        var accountId = me.LinkKey;
        if (await links.FindUserOfAccountAsync(accountId, cancellationToken) is { } owner && owner != pending.UserId)
            throw new LinkRefusedException(StatusCodes.Status409Conflict, "this Spotify account is already linked to another listener; unlink it there first");
        var previous = await links.GetAsync(pending.UserId, cancellationToken);
        var link = new SpotifyLink
        {
            UserId = pending.UserId,
            AccountId = accountId,
            DisplayName = me.DisplayName,
            SealedTokens = await LinkSession.SealAsync(cipher, tokens.Current, pending.UserId, cancellationToken),
            LinkedAt = time.GetUtcNow(),
            // Connecting the same account again goes on where it was; a new account starts with what Spotify still lists.
            CursorMs = previous?.AccountId == accountId ? previous.CursorMs : null,
            EventsPosted = previous?.AccountId == accountId ? previous.EventsPosted : 0,
        };
        await links.LinkAsync(link, cancellationToken);
        return link;
    }

    /// <summary>Where the browser goes after the callback when the platform has a page for it (the dashboard).</summary>
    public static Uri? ReturnTo(Uri? returnUrl, string outcome, string? userId) => returnUrl is null
        ? null
        : new Uri(QueryHelpers.AddQueryString(returnUrl.AbsoluteUri, new Dictionary<string, string?> { ["spotify"] = outcome, ["user_id"] = userId }));

    /// <summary>The tokens of a code exchange, for the one profile call before they are sealed.</summary>
    private sealed class FixedTokens(StoredToken token) : ISpotifyTokenStore
    {
        public StoredToken Current { get; private set; } = token;

        public Task<StoredToken?> LoadAsync(CancellationToken cancellationToken) => Task.FromResult<StoredToken?>(Current);

        public Task SaveAsync(StoredToken token, CancellationToken cancellationToken)
        {
            Current = token;
            return Task.CompletedTask;
        }
    }
}
