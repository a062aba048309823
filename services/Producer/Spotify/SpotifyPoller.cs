using Producer.Outbox;
using Recommender.Core.Events;

namespace Producer.Spotify;

/// <summary>
/// The `run` loop: polls currently-playing, turns finished plays into events (with artist genres),
/// backfills recently-played from a persisted cursor, and queues everything in the outbox.
/// Spotify being unreachable keeps the tracker's state; the next tick carries on.
/// </summary>
public sealed class SpotifyPoller(
    SpotifyApi api,
    EventOutbox outbox,
    SpotifyPlayLog playLog,
    string userId,
    TrackerOptions trackerOptions,
    Action<string>? report = null)
{
    private const int MaxBackfillPages = 20;
    private readonly PlaybackTracker _tracker = new(userId, trackerOptions);
    private readonly ArtistGenres _genres = new(api);
    private readonly Action<string> _report = report ?? (_ => { });

    public long Queued { get; private set; }

    public static PlaybackSnapshot? ToSnapshot(CurrentlyPlaying? playing)
    {
        if (playing?.Item is not { } item) return null;
        if (playing.CurrentlyPlayingType is not (null or "track") || item.Type is not (null or "track")) return null;
        if (string.IsNullOrEmpty(item.Id)) return null; // local files have no Spotify id
        return new PlaybackSnapshot(item, playing.ProgressMs ?? 0, playing.IsPlaying, SpotifyEvents.ToContext(playing.Context));
    }

    /// <summary>One poll; returns the events it queued.</summary>
    public async Task<IReadOnlyList<PlaybackEvent>> PollAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        CurrentlyPlaying? playing;
        try
        {
            playing = await api.CurrentlyPlayingAsync(cancellationToken);
        }
        catch (SpotifyUnavailableException e)
        {
            _report($"Spotify unavailable, keeping the current play: {e.Message}");
            return [];
        }
        var finished = _tracker.Observe(now, ToSnapshot(playing));
        if (finished.Count == 0) return [];
        await TryFetchGenres(finished.Select(f => f.Track), cancellationToken);
        var events = finished.Select(f => SpotifyEvents.FromPlay(f, userId, _genres.Lookup(f.Track))).ToList();
        outbox.Enqueue(events);
        foreach (var f in finished) playLog.Record(f.Track.Id!, f.StartedAt, f.MsPlayed);
        Queued += events.Count;
        foreach (var e in events) _report($"{e.EventType} {e.Track?.Name ?? e.TrackId} ({e.MsPlayed / 1000} s)");
        return events;
    }

    /// <summary>Plays Spotify recorded after the saved cursor that polling did not see (the producer was off, or missed them).</summary>
    public async Task<IReadOnlyList<PlaybackEvent>> BackfillAsync(CancellationToken cancellationToken)
    {
        var queued = new List<PlaybackEvent>();
        try
        {
            for (var page = 0; page < MaxBackfillPages; page++)
            {
                long? after = long.TryParse(outbox.GetState(SpotifyState.RecentlyPlayedCursorKey), out var c) ? c : null;
                var recent = await api.RecentlyPlayedAsync(after, cancellationToken);
                var items = recent.Items.Where(i => !string.IsNullOrEmpty(i.Track.Id)).OrderBy(i => i.PlayedAt).ToList();
                if (items.Count == 0) break;
                var unseen = items.Where(i => !playLog.Covers(i.Track.Id!, i.PlayedAt)).ToList();
                await TryFetchGenres(unseen.Select(i => i.Track), cancellationToken);
                var events = unseen.Select(i => SpotifyEvents.FromHistory(i, userId, _genres.Lookup(i.Track))).ToList();
                outbox.Enqueue(events);
                queued.AddRange(events);
                var cursor = long.TryParse(recent.Cursors?.After, out var next) ? next : items[^1].PlayedAt.ToUnixTimeMilliseconds();
                if (after is { } previous && cursor <= previous) break;
                outbox.SetState(SpotifyState.RecentlyPlayedCursorKey, cursor.ToString());
                if (items.Count < 50) break;
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
    public async Task RunAsync(TimeSpan pollInterval, TimeSpan backfillInterval, TimeProvider time, CancellationToken cancellationToken)
    {
        await BackfillAsync(cancellationToken);
        var nextBackfill = time.GetUtcNow() + backfillInterval;
        while (!cancellationToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            await PollAsync(now, cancellationToken);
            if (now >= nextBackfill)
            {
                await BackfillAsync(cancellationToken);
                nextBackfill = now + backfillInterval;
            }
            await Task.Delay(pollInterval, time, cancellationToken);
        }
    }

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
