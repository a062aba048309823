using Recommender.Core.Events;

namespace Producer.Spotify;

/// <summary>What one poll of currently-playing showed: a track and where it stood, or null for nothing (204, private session, episode, ad).</summary>
public sealed record PlaybackSnapshot(SpotifyItem Track, long ProgressMs, bool IsPlaying, PlaybackContext? Context);

/// <summary>One listen the tracker saw end: the producer turns it into one event.</summary>
/// <param name="EndedAt">When it ended, as near as the polls tell: what recently-played's played_at is matched with.</param>
public sealed record FinishedPlay(
    SpotifyItem Track,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    long MsPlayed,
    bool Complete,
    string SessionId,
    PlaybackContext? Context)
{
    public string EventType => Complete ? EventTypes.Complete : EventTypes.Skip;
}

/// <summary>A play the tracker still holds: recently-played entries of that track since <paramref name="Since"/> belong to it.</summary>
public sealed record OpenPlay(string TrackId, DateTimeOffset Since);

public sealed record TrackerOptions
{
    public TimeSpan CompleteThreshold { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan PauseTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan SessionIdle { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How close to the end counts as "to the end" (polls are seconds apart).</summary>
    public TimeSpan EndTolerance { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How long the track may be out of sight (204, a device hand-off) and still be the same listen when it comes back.</summary>
    public TimeSpan GapTolerance { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>How far progress may disagree with the clock across such a gap (a new device resumes a little earlier).</summary>
    public TimeSpan ProgressSlack { get; init; } = TimeSpan.FromSeconds(10);
}

/// <summary>
/// Turns a series of currently-playing polls into finished plays. A play ends when the track changes, when
/// playback stops for longer than <see cref="TrackerOptions.GapTolerance"/>, or after a long pause; a short gap
/// that comes back with the same track, context and a progress that fits the clock is the same listen. Only time
/// seen playing counts: the sum of progress gains between polls (a seek counts only the clock's time), the part
/// between the last poll and the change, and, for a track first seen playing, its progress then. A track never
/// seen playing gives no event. Pure: time comes from the caller.
/// </summary>
public sealed class PlaybackTracker(string userId, TrackerOptions? options = null)
{
    private readonly TrackerOptions _options = options ?? new TrackerOptions();
    private Play? _current;
    private (string TrackId, long ProgressMs, DateTimeOffset EndedAt)? _parked;
    private string? _sessionId;
    private DateTimeOffset _lastActivity = DateTimeOffset.MinValue;

    public string? CurrentTrackId => _current?.Track.Id;

    /// <summary>The listen that ended in a long pause while its track stays loaded; it is open until the track moves on.</summary>
    public OpenPlay? Parked => _parked is { } p ? new OpenPlay(p.TrackId, p.EndedAt) : null;

    /// <summary>The play in progress and the play parked after a long pause, if any.</summary>
    public IReadOnlyList<OpenPlay> OpenPlays
    {
        get
        {
            var open = new List<OpenPlay>(2);
            if (_current is { } c) open.Add(new OpenPlay(c.Track.Id!, c.StartedAt ?? c.FirstSeen));
            if (_parked is { } p) open.Add(new OpenPlay(p.TrackId, p.EndedAt));
            return open;
        }
    }

    public IReadOnlyList<FinishedPlay> Observe(DateTimeOffset at, PlaybackSnapshot? snapshot)
    {
        var finished = new List<FinishedPlay>(1);
        var current = _current;
        if (current?.GapSince is { } gapSince)
        {
            if (snapshot is not null && Continues(current, snapshot, at)) current.GapSince = null;
            else if (snapshot is null && at - gapSince < _options.GapTolerance) return finished;
            else
            {
                var newStart = snapshot is null ? gapSince : Min(gapSince, at - Ms(snapshot.ProgressMs));
                Add(finished, Finish(current, Tail(current, newStart)));
                current = _current = null;
            }
        }

        if (snapshot is null)
        {
            if (current is not null) current.GapSince = at;
            else _parked = null;
            return finished;
        }

        if (current is not null && (current.Track.Id != snapshot.Track.Id || Restarted(current, snapshot, at)))
        {
            // A change, or the same track again from the start (repeat): the previous listen ended when this one began.
            Add(finished, Finish(current, Tail(current, at - Ms(snapshot.ProgressMs))));
            current = _current = null;
        }

        if (current is null)
        {
            Begin(at, snapshot);
            return finished;
        }

        var elapsed = (long)(at - current.LastSeen).TotalMilliseconds;
        var gain = snapshot.ProgressMs - current.LastProgressMs;
        // Progress that moved further than the clock did is a seek forward: count only the real time. A seek back
        // while playing on both sides still spent the time between the polls listening.
        var heard = gain >= 0 ? Math.Min(gain, elapsed + 1_000) : current.WasPlaying && snapshot.IsPlaying ? Math.Min(elapsed, snapshot.ProgressMs) : 0;
        if (heard > 0 && !current.Heard) StartHearing(current, at - Ms(heard));
        current.ListenedMs += heard;
        current.LastProgressMs = snapshot.ProgressMs;
        current.LastSeen = at;
        current.WasPlaying = snapshot.IsPlaying;
        if (snapshot.IsPlaying)
        {
            if (!current.Heard) StartHearing(current, at);
            current.PausedSince = null;
            _lastActivity = at;
        }
        else
        {
            current.PausedSince ??= at;
            if (at - current.PausedSince.Value >= _options.PauseTimeout)
            {
                Add(finished, Finish(current, tailMs: 0, endedAt: current.PausedSince.Value));
                _parked = (snapshot.Track.Id!, snapshot.ProgressMs, current.PausedSince.Value);
                _current = null;
            }
        }
        return finished;
    }

    private void Begin(DateTimeOffset at, PlaybackSnapshot snapshot)
    {
        // A play that timed out while paused stays finished until it moves again.
        if (_parked is { } parked && parked.TrackId == snapshot.Track.Id && (!snapshot.IsPlaying || snapshot.ProgressMs == parked.ProgressMs))
            return;
        var resumedParked = _parked?.TrackId == snapshot.Track.Id;
        _parked = null;
        var play = new Play(snapshot.Track, snapshot.Context, at)
        {
            LastProgressMs = snapshot.ProgressMs,
            LastSeen = at,
            WasPlaying = snapshot.IsPlaying,
            PausedSince = snapshot.IsPlaying ? null : at,
        };
        if (snapshot.IsPlaying)
        {
            // First seen playing: Spotify says it is playing, so its progress is taken as heard (not after a parked pause).
            // First seen paused (an app restoring yesterday's track) counts nothing until it plays.
            var credited = resumedParked ? 0 : snapshot.ProgressMs;
            StartHearing(play, at - Ms(credited));
            play.ListenedMs = credited;
            _lastActivity = at;
        }
        _current = play;
    }

    private void StartHearing(Play play, DateTimeOffset startedAt)
    {
        play.Heard = true;
        play.StartedAt = startedAt;
        play.SessionId = SessionFor(startedAt);
    }

    /// <summary>After a gap: the same track and context, with a progress the clock can explain, is the same listen going on.</summary>
    private bool Continues(Play play, PlaybackSnapshot snapshot, DateTimeOffset at)
    {
        if (play.Track.Id != snapshot.Track.Id || play.Context?.Uri != snapshot.Context?.Uri) return false;
        var slack = (long)_options.ProgressSlack.TotalMilliseconds;
        var elapsed = (long)(at - play.LastSeen).TotalMilliseconds;
        return snapshot.ProgressMs >= play.LastProgressMs - slack && snapshot.ProgressMs <= play.LastProgressMs + elapsed + slack;
    }

    private bool Restarted(Play current, PlaybackSnapshot snapshot, DateTimeOffset at)
    {
        var nearEnd = current.LastProgressMs + (long)(at - current.LastSeen).TotalMilliseconds >= current.Track.DurationMs - _options.EndTolerance.TotalMilliseconds;
        return current.WasPlaying && nearEnd && snapshot.ProgressMs < current.LastProgressMs - (long)_options.ProgressSlack.TotalMilliseconds;
    }

    /// <summary>Time played between the last poll and <paramref name="endedBy"/> (when the next thing began, or the gap).</summary>
    private static long Tail(Play play, DateTimeOffset endedBy)
    {
        if (!play.WasPlaying) return 0;
        var elapsed = (long)(endedBy - play.LastSeen).TotalMilliseconds;
        return Math.Clamp(elapsed, 0, Math.Max(0, play.Track.DurationMs - play.LastProgressMs));
    }

    /// <summary>The finished listen, or null when nothing of it was seen playing.</summary>
    private FinishedPlay? Finish(Play play, long tailMs, DateTimeOffset? endedAt = null)
    {
        var duration = play.Track.DurationMs;
        var listened = Math.Min(play.ListenedMs + tailMs, duration > 0 ? duration : long.MaxValue);
        var end = endedAt ?? play.LastSeen + Ms(tailMs);
        _lastActivity = end > _lastActivity ? end : _lastActivity;
        // Nothing seen playing (a restored paused track, an album stopped at 0:00): no listen, no event.
        if (!play.Heard || listened <= 0) return null;
        var reachedEnd = duration > 0 && play.LastProgressMs + tailMs >= duration - (long)_options.EndTolerance.TotalMilliseconds;
        var complete = reachedEnd || listened >= (long)_options.CompleteThreshold.TotalMilliseconds;
        return new FinishedPlay(play.Track, play.StartedAt!.Value, end, listened, complete, play.SessionId!, play.Context);
    }

    private static void Add(List<FinishedPlay> finished, FinishedPlay? play)
    {
        if (play is not null) finished.Add(play);
    }

    /// <summary>A new session after <see cref="TrackerOptions.SessionIdle"/> without anything playing.</summary>
    private string SessionFor(DateTimeOffset startedAt)
    {
        if (_sessionId is null || startedAt - _lastActivity > _options.SessionIdle)
            _sessionId = $"{userId}-{startedAt.ToUnixTimeMilliseconds()}";
        return _sessionId;
    }

    private static TimeSpan Ms(long ms) => TimeSpan.FromMilliseconds(ms);

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    private sealed class Play(SpotifyItem track, PlaybackContext? context, DateTimeOffset firstSeen)
    {
        public SpotifyItem Track { get; } = track;
        public PlaybackContext? Context { get; } = context;
        public DateTimeOffset FirstSeen { get; } = firstSeen;
        public DateTimeOffset? StartedAt { get; set; }
        public string? SessionId { get; set; }
        public bool Heard { get; set; }
        public long ListenedMs { get; set; }
        public long LastProgressMs { get; set; }
        public DateTimeOffset LastSeen { get; set; }
        public bool WasPlaying { get; set; }
        public DateTimeOffset? PausedSince { get; set; }
        public DateTimeOffset? GapSince { get; set; }
    }
}
