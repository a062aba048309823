using Producer.Spotify;
using Recommender.Core.SpotifyLinks;
using Recommender.Core.Streaming;

namespace SpotifyProducer.Polling;

/// <summary>What one poll of one account came to.</summary>
public enum PollOutcome
{
    /// <summary>recently-played read to its end; new plays posted.</summary>
    Polled,

    /// <summary>Not due (waiting out a Retry-After, or to be connected again).</summary>
    Skipped,

    /// <summary>Spotify answered 429: the account waits until its Retry-After has passed.</summary>
    Throttled,

    /// <summary>Spotify or the stream failed; the cursor stays where the last posted page left it and the next round tries again.</summary>
    Failed,

    /// <summary>Spotify no longer accepts the grant: the listener must connect again; not polled until then.</summary>
    RelinkRequired,

    /// <summary>Unlinked (or linked again) meanwhile: nothing was written for the old link.</summary>
    Gone,
}

/// <param name="Posted">Events put on the stream by this poll (a redelivered page's events are de-duplicated downstream).</param>
public sealed record PollResult(string UserId, PollOutcome Outcome, int Posted = 0, string? Error = null);

/// <summary>
/// Polls one linked account: recently-played after the account's cursor, page by page, each page's plays turned into
/// events (id from user, track and played_at, as the command-line producer makes them) and put on the stream through
/// the ingestion path, the cursor saved only after its page is on the stream. One account's failure is its own: the
/// result says what happened and the status endpoint shows it.
/// </summary>
public sealed class LinkedAccountPoller(
    ISpotifyLinkStore links, ITokenCipher cipher, SpotifyClients clients, IEventStream stream, TimeProvider time, ILogger<LinkedAccountPoller> log)
{
    public async Task<PollResult> PollAsync(string userId, CancellationToken cancellationToken)
    {
        var link = await links.GetAsync(userId, cancellationToken);
        if (link is null) return new PollResult(userId, PollOutcome.Gone);
        if (!link.IsDue(time.GetUtcNow())) return new PollResult(userId, PollOutcome.Skipped);

        var session = new LinkSession(links, cipher, link);
        var posted = 0;
        try
        {
            var api = clients.Api(session);
            await foreach (var page in RecentlyPlayedPages.ReadAsync(api, link.CursorMs, cancellationToken))
            {
                var events = page.Items.Select(i => SpotifyEvents.FromHistory(i, userId, genres: null)).ToList();
                await EventIntake.SubmitAsync(stream, events, time.GetUtcNow(), cancellationToken);
                posted += events.Count;
                await session.SaveAsync(l => l with { CursorMs = page.NewestCursor, EventsPosted = l.EventsPosted + events.Count }, cancellationToken);
            }
            var now = time.GetUtcNow();
            await session.SaveAsync(l => l with { LastPollAt = now, LastSuccessAt = now, LastError = null, LastErrorAt = null, RetryAfter = null }, cancellationToken);
            if (posted > 0) log.LogInformation("Posted {Count} plays of {User} from Spotify", posted, userId);
            return new PollResult(userId, PollOutcome.Polled, posted);
        }
        catch (LinkGoneException)
        {
            return new PollResult(userId, PollOutcome.Gone, posted);
        }
        catch (SpotifyRateLimitedException e)
        {
            return await RecordAsync(session, PollOutcome.Throttled, posted, $"Spotify rate-limited this account; next poll after {e.RetryAt:O}",
                l => l with { RetryAfter = e.RetryAt }, cancellationToken);
        }
        catch (ReloginRequiredException e)
        {
            return await RecordAsync(session, PollOutcome.RelinkRequired, posted,
                $"Spotify no longer accepts this link ({e.Reason}); the listener must connect Spotify again",
                l => l with { State = LinkState.RelinkRequired }, cancellationToken);
        }
        catch (Exception e) when (e is SpotifyUnavailableException or SpotifyForbiddenException or StreamUnavailableException or Producer.ProducerException)
        {
            return await RecordAsync(session, PollOutcome.Failed, posted, e.Message, l => l, cancellationToken);
        }
    }

    private async Task<PollResult> RecordAsync(
        LinkSession session, PollOutcome outcome, int posted, string error, Func<SpotifyLink, SpotifyLink> change, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        log.LogWarning("Polling Spotify for {User}: {Outcome}: {Error}", session.Link.UserId, outcome, error);
        try
        {
            await session.SaveAsync(l => change(l) with { LastPollAt = now, LastError = error, LastErrorAt = now }, cancellationToken);
        }
        catch (LinkGoneException)
        {
            return new PollResult(session.Link.UserId, PollOutcome.Gone, posted);
        }
        return new PollResult(session.Link.UserId, outcome, posted, error);
    }
}
