using Recommender.Core.SpotifyLinks;

namespace SpotifyProducer.Linking;

/// <summary>
/// A linked account as the status endpoint shows it. <c>state</c> is <c>active</c> or <c>relink_required</c>;
/// <c>cursor</c> is recently-played's <c>after</c> (Unix ms: plays after it are not posted yet) and
/// <c>cursor_at</c> the same instant as a date; <c>retry_after</c> is set while Spotify rate-limits the account.
/// </summary>
public sealed record LinkStatus(
    string UserId,
    string AccountId,
    string? DisplayName,
    DateTimeOffset LinkedAt,
    string State,
    long? Cursor,
    DateTimeOffset? CursorAt,
    DateTimeOffset? LastPollAt,
    DateTimeOffset? LastSuccessAt,
    string? LastError,
    DateTimeOffset? LastErrorAt,
    DateTimeOffset? RetryAfter,
    long EventsPosted)
{
    public const string Active = "active";
    public const string RelinkRequired = "relink_required";

    /// <summary>Never the tokens: the status carries only what a listener or an operator may see.</summary>
    public static LinkStatus Of(SpotifyLink link) => new(
        link.UserId, link.AccountId, link.DisplayName, link.LinkedAt,
        link.State == LinkState.Active ? Active : RelinkRequired,
        link.CursorMs, link.CursorMs is { } c ? DateTimeOffset.FromUnixTimeMilliseconds(c) : null,
        link.LastPollAt, link.LastSuccessAt, link.LastError, link.LastErrorAt, link.RetryAfter, link.EventsPosted);
}

/// <summary>The answer of GET /v1/spotify/connect: send the listener's browser to <c>authorize_url</c> before <c>expires_at</c>.</summary>
public sealed record ConnectAnswer(string AuthorizeUrl, DateTimeOffset ExpiresAt);

/// <summary>The callback's answer when no return page is configured: the link made.</summary>
public sealed record LinkedAnswer(string UserId, string AccountId, string? DisplayName, DateTimeOffset LinkedAt);
