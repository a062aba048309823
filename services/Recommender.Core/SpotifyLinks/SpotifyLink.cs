namespace Recommender.Core.SpotifyLinks;

/// <summary>Whether the hosted producer polls a linked account.</summary>
public enum LinkState
{
    /// <summary>Polled on every round (unless Spotify asked to wait: <see cref="SpotifyLink.RetryAfter"/>).</summary>
    Active,

    /// <summary>Spotify no longer accepts the saved grant (revoked, expired, rotated away): the listener must connect again.</summary>
    RelinkRequired,
}

/// <summary>
/// A listener of the platform whose Spotify account the hosted producer polls. The tokens are kept only sealed
/// (<see cref="ITokenCipher"/>); everything else is the account's polling status, shown by the status endpoint.
/// </summary>
public sealed record SpotifyLink
{
    /// <summary>The platform's user id: the events' user_id.</summary>
    public required string UserId { get; init; }

    /// <summary>Spotify's account_id (immutable; what Spotify says to link accounts by).</summary>
    public required string AccountId { get; init; }

    public string? DisplayName { get; init; }

    /// <summary>The access and refresh tokens, encrypted for this user; never stored or logged in clear.</summary>
    public required byte[] SealedTokens { get; init; }

    /// <summary>When this link was made; a later link of the same user is another link (updates of an older one are refused).</summary>
    public required DateTimeOffset LinkedAt { get; init; }

    public LinkState State { get; init; } = LinkState.Active;

    /// <summary>recently-played's <c>after</c> cursor (Unix ms, exclusive): plays after it are not posted yet.</summary>
    public long? CursorMs { get; init; }

    public DateTimeOffset? LastPollAt { get; init; }
    public DateTimeOffset? LastSuccessAt { get; init; }
    public string? LastError { get; init; }
    public DateTimeOffset? LastErrorAt { get; init; }

    /// <summary>Spotify answered 429: no call for this account before then.</summary>
    public DateTimeOffset? RetryAfter { get; init; }

    /// <summary>Events posted for this link so far.</summary>
    public long EventsPosted { get; init; }

    /// <summary>True when a polling round should poll this account at <paramref name="now"/>.</summary>
    public bool IsDue(DateTimeOffset now) => State == LinkState.Active && (RetryAfter is null || RetryAfter <= now);
}

/// <summary>
/// A connect started by <c>GET /v1/spotify/connect</c> and not finished yet: the PKCE verifier and who asked,
/// kept server-side under the unguessable <c>state</c> until the callback takes it, or it expires.
/// </summary>
public sealed record PendingAuthorization(string State, string UserId, string CodeVerifier, string RedirectUri, DateTimeOffset ExpiresAt);
