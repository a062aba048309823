using Recommender.Core.Events;

namespace Producer.Spotify;

/// <summary>What one poll of currently-playing showed: a track and where it stood, or null for nothing (204, private session, episode, ad).</summary>
public sealed record PlaybackSnapshot(SpotifyItem Track, long ProgressMs, bool IsPlaying, PlaybackContext? Context);

/// <summary>One listen the tracker saw end: the producer turns it into one event.</summary>
public sealed record FinishedPlay(
    SpotifyItem Track,
    DateTimeOffset StartedAt,
    long MsPlayed,
    bool Complete,
    string SessionId,
    PlaybackContext? Context)
{
    public string EventType => Complete ? EventTypes.Complete : EventTypes.Skip;
}

public sealed record TrackerOptions
{
    public TimeSpan CompleteThreshold { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan PauseTimeout { get; init; } = TimeSpan.FromMinutes(10);
    public TimeSpan SessionIdle { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>How close to the end counts as "to the end" (polls are seconds apart).</summary>
    public TimeSpan EndTolerance { get; init; } = TimeSpan.FromSeconds(3);
}

/// <summary>
/// Turns a series of currently-playing polls into finished plays: a play ends when the track changes,
/// when playback stops, or after a long pause. Listened time is the sum of progress gains (seeks do not
/// count), plus the unseen tail between the last poll and the change. Pure: time comes from the caller.
/// </summary>
public sealed class PlaybackTracker(string userId, TrackerOptions? options = null)
{
    private readonly TrackerOptions _options = options ?? new TrackerOptions();
    private Play? _current;
    private (string TrackId, long ProgressMs)? _parked;
    private string? _sessionId;
    private DateTimeOffset _lastActivity = DateTimeOffset.MinValue;

    public string? CurrentTrackId => _current?.Track.Id;

    public IReadOnlyList<FinishedPlay> Observe(DateTimeOffset at, PlaybackSnapshot? snapshot)
    {
        var finished = new List<FinishedPlay>(1);
        var current = _current;
        if (snapshot is null)
        {
            if (current is not null) finished.Add(Finish(current, at, Tail(current, at, newProgressMs: 0)));
            _current = null;
            _parked = null;
            return finished;
        }

        if (current is not null && current.Track.Id != snapshot.Track.Id)
        {
            finished.Add(Finish(current, at, Tail(current, at, snapshot.ProgressMs)));
            current = _current = null;
        }
        else if (current is not null && Restarted(current, snapshot, at))
        {
            // The same track again from the start (repeat): the previous listen reached the end.
            finished.Add(Finish(current, at, Tail(current, at, snapshot.ProgressMs)));
            current = _current = null;
        }

        if (current is null)
        {
            // A play that timed out while paused stays finished until it moves again.
            if (_parked is { } parked && parked.TrackId == snapshot.Track.Id && (!snapshot.IsPlaying || snapshot.ProgressMs == parked.ProgressMs))
                return finished;
            var resumedParked = _parked?.TrackId == snapshot.Track.Id;
            _parked = null;
            var alreadyPlayed = resumedParked ? 0 : snapshot.ProgressMs;
            var startedAt = at - TimeSpan.FromMilliseconds(snapshot.ProgressMs);
            _current = new Play(snapshot.Track, resumedParked ? at : startedAt, SessionFor(resumedParked ? at : startedAt), snapshot.Context)
            {
                ListenedMs = alreadyPlayed,
                LastProgressMs = snapshot.ProgressMs,
                LastSeen = at,
                WasPlaying = snapshot.IsPlaying,
                PausedSince = snapshot.IsPlaying ? null : at,
            };
            if (snapshot.IsPlaying) _lastActivity = at;
            return finished;
        }

        var elapsed = (long)(at - current.LastSeen).TotalMilliseconds;
        var gain = snapshot.ProgressMs - current.LastProgressMs;
        // Progress that moved further than the clock did is a seek forward: count only the real time.
        if (gain > 0) current.ListenedMs += Math.Min(gain, elapsed + 1_000);
        current.LastProgressMs = snapshot.ProgressMs;
        current.LastSeen = at;
        current.WasPlaying = snapshot.IsPlaying;
        if (snapshot.IsPlaying)
        {
            current.PausedSince = null;
            _lastActivity = at;
        }
        else
        {
            current.PausedSince ??= at;
            if (at - current.PausedSince.Value >= _options.PauseTimeout)
            {
                finished.Add(Finish(current, current.PausedSince.Value, tailMs: 0));
                _parked = (snapshot.Track.Id!, snapshot.ProgressMs);
                _current = null;
            }
        }
        return finished;
    }

    private bool Restarted(Play current, PlaybackSnapshot snapshot, DateTimeOffset at)
    {
        var nearEnd = current.LastProgressMs + (long)(at - current.LastSeen).TotalMilliseconds >= current.Track.DurationMs - _options.EndTolerance.TotalMilliseconds;
        return current.WasPlaying && nearEnd && snapshot.ProgressMs < current.LastProgressMs;
    }

    /// <summary>Time played between the last poll and the change, which the next track's progress bounds.</summary>
    private static long Tail(Play play, DateTimeOffset at, long newProgressMs)
    {
        if (!play.WasPlaying) return 0;
        var elapsed = (long)(at - play.LastSeen).TotalMilliseconds - newProgressMs;
        return Math.Clamp(elapsed, 0, Math.Max(0, play.Track.DurationMs - play.LastProgressMs));
    }

    private FinishedPlay Finish(Play play, DateTimeOffset at, long tailMs)
    {
        var duration = play.Track.DurationMs;
        var listened = Math.Min(play.ListenedMs + tailMs, duration > 0 ? duration : long.MaxValue);
        var reachedEnd = duration > 0 && play.LastProgressMs + tailMs >= duration - (long)_options.EndTolerance.TotalMilliseconds;
        var complete = reachedEnd || listened >= (long)_options.CompleteThreshold.TotalMilliseconds;
        _lastActivity = at > _lastActivity ? at : _lastActivity;
        return new FinishedPlay(play.Track, play.StartedAt, listened, complete, play.SessionId, play.Context);
    }

    /// <summary>A new session after <see cref="TrackerOptions.SessionIdle"/> without anything playing.</summary>
    private string SessionFor(DateTimeOffset startedAt)
    {
        if (_sessionId is null || startedAt - _lastActivity > _options.SessionIdle)
            _sessionId = $"{userId}-{startedAt.ToUnixTimeMilliseconds()}";
        return _sessionId;
    }

    private sealed class Play(SpotifyItem track, DateTimeOffset startedAt, string sessionId, PlaybackContext? context)
    {
        public SpotifyItem Track { get; } = track;
        public DateTimeOffset StartedAt { get; } = startedAt;
        public string SessionId { get; } = sessionId;
        public PlaybackContext? Context { get; } = context;
        public long ListenedMs { get; set; }
        public long LastProgressMs { get; set; }
        public DateTimeOffset LastSeen { get; set; }
        public bool WasPlaying { get; set; }
        public DateTimeOffset? PausedSince { get; set; }
    }
}
