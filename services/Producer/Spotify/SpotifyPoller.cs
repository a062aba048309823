using Producer.Delivery;
using Producer.Outbox;
using Recommender.Core.Events;

namespace Producer.Spotify;

/// <summary>
/// The `run` loop: polls currently-playing, turns finished plays into events (with artist genres where Spotify
/// gives them), backfills recently-played from a persisted cursor, and queues everything in the outbox. Each
/// poll is dated when Spotify's answer arrived, so a Retry-After wait does not shift plays. Spotify being
/// unreachable keeps the tracker's state; the loop backs off and carries on.
/// </summary>
public sealed class SpotifyPoller(
    SpotifyApi api,
    EventOutbox outbox,
    SpotifyPlayLog playLog,
    string userId,
    TrackerOptions trackerOptions,
    TimeProvider time,
    Action<string>? report = null)
{
    private readonly PlaybackTracker _tracker = new(userId, trackerOptions);
    private readonly Action<string> _report = report ?? (_ => { });
    private readonly ArtistGenres _genres = new(api, report);
    private readonly Backoff _backoff = new(TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(2));

    public long Queued { get; private set; }

    /// <summary>Polls in a row that could not reach Spotify; the run loop waits longer while it grows.</summary>
    public int ConsecutiveFailures { get; private set; }

    public static PlaybackSnapshot? ToSnapshot(CurrentlyPlaying? playing)
    {
        if (playing?.Item is not { } item) return null;
        if (playing.CurrentlyPlayingType is not (null or "track") || item.Type is not (null or "track")) return null;
        if (string.IsNullOrEmpty(item.Id)) return null; // local files have no Spotify id
        return new PlaybackSnapshot(item, playing.ProgressMs ?? 0, playing.IsPlaying, SpotifyEvents.ToContext(playing.Context));
    }

    /// <summary>One poll; returns the events it queued.</summary>
    public async Task<IReadOnlyList<PlaybackEvent>> PollAsync(CancellationToken cancellationToken)
    {
        CurrentlyPlaying? playing;
        try
        {
            playing = await api.CurrentlyPlayingAsync(cancellationToken);
        }
        catch (SpotifyUnavailableException e)
        {
            ConsecutiveFailures++;
            _report($"Spotify unavailable, keeping the current play: {e.Message}");
            return [];
        }
        ConsecutiveFailures = 0;
        _backoff.Reset();
        // The play is dated when the answer came, not when the request left (a Retry-After wait lies between).
        var now = time.GetUtcNow();
        var parkedBefore = _tracker.Parked;
        var finished = _tracker.Observe(now, ToSnapshot(playing));
        var parked = _tracker.Parked;
        if (parkedBefore is not null && parkedBefore != parked) playLog.Close(parkedBefore.TrackId, parkedBefore.Since, now);
        if (finished.Count == 0) return [];

        await TryFetchGenres(finished.Select(f => f.Track), cancellationToken);
        var events = finished.Select(f => SpotifyEvents.FromPlay(f, userId, _genres.Lookup(f.Track))).ToList();
        outbox.Enqueue(events, SpotifyPlayLog.Polled(finished.Select((f, i) =>
            (events[i].EventId, f.Track.Id!, f.EndedAt, Open: parked is { } o && o.TrackId == f.Track.Id && o.Since == f.EndedAt)), now));
        Queued += events.Count;
        foreach (var e in events) _report($"{e.EventType} {e.Track?.Name ?? e.TrackId} ({e.MsPlayed / 1000} s)");
        return events;
    }

    /// <summary>
    /// Plays Spotify recorded after the saved cursor that polling did not turn into events (the producer was off,
    /// or missed them). Plays of a track the tracker still holds are left for it: the cursor stays before them.
    /// </summary>
    public async Task<IReadOnlyList<PlaybackEvent>> BackfillAsync(CancellationToken cancellationToken)
    {
        var queued = new List<PlaybackEvent>();
        try
        {
            long? after = long.TryParse(outbox.GetState(SpotifyState.RecentlyPlayedCursorKey), out var c) ? c : null;
            await foreach (var page in RecentlyPlayedPages.ReadAsync(api, after, cancellationToken))
            {
                var open = _tracker.OpenPlays;
                var held = page.Items.Where(i => open.Any(o => o.TrackId == i.Track.Id && i.PlayedAt >= o.Since - SpotifyPlayLog.MatchTolerance)).ToList();
                var unseen = page.Items.Except(held)
                    .Where(i => !playLog.Knows(SpotifyEvents.EventId(userId, i.Track.Id!, i.PlayedAt)) && !playLog.TryMatch(i.Track.Id!, i.PlayedAt))
                    .ToList();
                await TryFetchGenres(unseen.Select(i => i.Track), cancellationToken);
                var events = unseen.Select(i => SpotifyEvents.FromHistory(i, userId, _genres.Lookup(i.Track))).ToList();
                outbox.Enqueue(events, SpotifyPlayLog.Backfilled(unseen.Select((i, n) => (events[n].EventId, i.Track.Id!, i.PlayedAt))));
                queued.AddRange(events);
                var cursor = held.Count > 0 ? held.Min(i => i.PlayedAt).ToUnixTimeMilliseconds() - 1 : page.NewestCursor;
                if (after is null || cursor > after) outbox.SetState(SpotifyState.RecentlyPlayedCursorKey, cursor.ToString());
                if (held.Count > 0) break;
                after = cursor;
            }
        }
        catch (SpotifyUnavailableException e)
        {
            _report($"recently-played backfill postponed: {e.Message}");
        }
        Queued += queued.Count;
        if (queued.Count > 0) _report($"backfilled {queued.Count} plays from recently-played");
        return queued;
    }

    /// <summary>Polls until cancelled; a revoked login ends the loop with <see cref="ReloginRequiredException"/>.</summary>
    public async Task RunAsync(TimeSpan pollInterval, TimeSpan backfillInterval, CancellationToken cancellationToken)
    {
        await BackfillAsync(cancellationToken);
        var nextBackfill = time.GetUtcNow() + backfillInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            await PollAsync(cancellationToken);
            if (ConsecutiveFailures == 0 && time.GetUtcNow() >= nextBackfill)
            {
                await BackfillAsync(cancellationToken);
                nextBackfill = time.GetUtcNow() + backfillInterval;
            }
            // Spotify down or its token endpoint stalled: wait longer each time, up to two minutes.
            var wait = ConsecutiveFailures == 0 ? pollInterval : Max(pollInterval, _backoff.Next());
            await Task.Delay(wait, time, cancellationToken);
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>Genres are a bonus: an event without them is better than a late event.</summary>
    private async Task TryFetchGenres(IEnumerable<SpotifyItem> tracks, CancellationToken cancellationToken)
    {
        try
        {
            await _genres.FetchAsync(tracks, cancellationToken);
        }
        catch (SpotifyUnavailableException e)
        {
            _report($"artist genres unavailable for now: {e.Message}");
        }
    }
}
