using System.Text.Json.Nodes;

namespace Spotify.Fakes;

/// <summary>One listen as the person had it: what a session test compares the producer's events with.</summary>
public sealed record FakeListen(string TrackId, DateTimeOffset StartedAt, DateTimeOffset EndedAt, long MsPlayed, bool ReachedEnd)
{
    /// <summary>The producer's rule (and the architecture's): to the end, or at least the threshold.</summary>
    public bool Complete(TimeSpan threshold) => ReachedEnd || MsPlayed >= (long)threshold.TotalMilliseconds;
}

/// <summary>
/// A Spotify player on a clock: what a listener does (play a context, pause, seek, skip, repeat, hand playback to
/// another device, hear an ad) and what Spotify shows for it. currently-playing is computed at the clock's time:
/// 204 when nothing is loaded and briefly during a hand-off, <c>item: null</c> for ads and private sessions, the
/// first track of the context paused at 0:00 once the context has played out. Each ended play of more than 30 s
/// (outside a private session) goes to recently-played with <c>played_at</c> at its end. Time moves only when the
/// test moves the clock; every action takes effect at the clock's current time.
/// </summary>
public sealed class FakePlayer(TimeProvider time, Action<JsonObject, DateTimeOffset, JsonObject?> recordPlay)
{
    /// <summary>Spotify's rule for recently-played: "a track must be played for more than 30 seconds".</summary>
    public const long RecordedAfterMs = 30_000;

    private readonly Queue<JsonObject> _upNext = new();
    private JsonObject? _track;
    private JsonObject? _context;
    private JsonObject? _contextFirst;
    private long _progressMs;
    private DateTimeOffset _since;
    private bool _playing;
    private bool _repeatTrack;
    private TimeSpan _adAfterTrack;
    private DateTimeOffset? _adUntil;
    private DateTimeOffset _adStart;
    private DateTimeOffset? _resumeAt;
    private DateTimeOffset _noContentUntil = DateTimeOffset.MinValue;
    private bool _privateSession;
    private bool _inListen;
    private DateTimeOffset _listenStart;
    private long _listenMs;

    /// <summary>Every listen with time actually played, in order: the ground truth.</summary>
    public List<FakeListen> Listens { get; } = [];

    private DateTimeOffset Now => time.GetUtcNow();

    /// <summary>Starts a context (playlist or album): the first track now, the rest after it.</summary>
    public void Play(string contextUri, params JsonObject[] tracks)
    {
        Settle();
        Interrupt();
        _upNext.Clear();
        foreach (var t in tracks.Skip(1)) _upNext.Enqueue(t);
        _context = new JsonObject
        {
            ["type"] = contextUri.Split(':')[1],
            ["uri"] = contextUri,
            ["href"] = $"https://api.spotify.com/v1/{contextUri.Split(':')[1]}s/{contextUri.Split(':')[^1]}",
            ["external_urls"] = new JsonObject { ["spotify"] = $"https://open.spotify.com/{contextUri.Split(':')[1]}/{contextUri.Split(':')[^1]}" },
        };
        _contextFirst = tracks[0];
        StartTrack(tracks[0], Now);
    }

    /// <summary>The desktop app at start: yesterday's track loaded, paused where it was left. Not a listen.</summary>
    public void RestorePaused(string contextUri, JsonObject track, long progressMs)
    {
        Play(contextUri, track);
        _inListen = false;
        _playing = false;
        _progressMs = progressMs;
    }

    public void Pause()
    {
        Settle();
        Accumulate();
        _playing = false;
    }

    public void Resume()
    {
        Settle();
        if (_track is null || _playing) return;
        _since = Now;
        _playing = true;
        if (!_inListen) BeginListen(Now);
    }

    public void Seek(long progressMs)
    {
        Settle();
        Accumulate();
        _progressMs = progressMs;
    }

    public void Next()
    {
        Settle();
        Interrupt();
        StartNext(Now);
    }

    public void Stop()
    {
        Settle();
        Interrupt();
        _track = null;
        _upNext.Clear();
    }

    public void RepeatTrack(bool on)
    {
        Settle();
        _repeatTrack = on;
    }

    /// <summary>An ad of this length plays when the current track ends, then the next track.</summary>
    public void AdAfterThisTrack(TimeSpan length) => _adAfterTrack = length;

    /// <summary>currently-playing answers 204 for a moment while the music goes on (Spotify does this).</summary>
    public void NoContentFor(TimeSpan length) => _noContentUntil = Now + length;

    /// <summary>Playback moves to another device: silence and 204 during the hand-off, then it resumes where it was.</summary>
    public void HandOffToAnotherDevice(TimeSpan handOff)
    {
        Settle();
        Accumulate();
        if (!_playing) return;
        _playing = false;
        _resumeAt = Now + handOff;
        _noContentUntil = Now + handOff;
    }

    public void PrivateSession(bool on)
    {
        Settle();
        _privateSession = on;
    }

    /// <summary>The currently-playing answer at the clock's time; null means 204.</summary>
    public JsonObject? CurrentlyPlaying()
    {
        Settle();
        var now = Now;
        if (now < _noContentUntil) return null;
        var timestamp = now.ToUnixTimeMilliseconds();
        if (_adUntil is not null)
            return Answer(timestamp, progress: (long)(now - _adStart).TotalMilliseconds, playing: true, item: null, type: "ad", context: null);
        if (_track is null) return null;
        var progress = _progressMs + (_playing ? (long)(now - _since).TotalMilliseconds : 0);
        return _privateSession
            ? Answer(timestamp, progress, _playing, item: null, type: "unknown", context: null)
            : Answer(timestamp, progress, _playing, _track.DeepClone(), "track", _context?.DeepClone());
    }

    private static JsonObject Answer(long timestamp, long progress, bool playing, JsonNode? item, string type, JsonNode? context) => new()
    {
        ["timestamp"] = timestamp,
        ["context"] = context,
        ["progress_ms"] = progress,
        ["is_playing"] = playing,
        ["item"] = item,
        ["currently_playing_type"] = type,
    };

    /// <summary>Plays out what happened between the last action and now: tracks ending, repeats, ads, the next track.</summary>
    public void Settle()
    {
        var now = Now;
        while (true)
        {
            if (_adUntil is { } adEnd)
            {
                if (adEnd > now) return;
                _adUntil = null;
                StartNext(adEnd);
                continue;
            }
            if (_resumeAt is { } resume && resume <= now)
            {
                _resumeAt = null;
                _playing = true;
                _since = resume;
            }
            if (_track is null || !_playing) return;
            var remaining = Duration(_track) - _progressMs;
            var endAt = _since + TimeSpan.FromMilliseconds(remaining);
            if (endAt > now) return;
            _listenMs += remaining;
            _progressMs = Duration(_track);
            _since = endAt;
            FinishListen(endAt, reachedEnd: true);
            if (_repeatTrack)
            {
                StartTrack(_track, endAt);
                continue;
            }
            if (_adAfterTrack > TimeSpan.Zero)
            {
                _adStart = endAt;
                _adUntil = endAt + _adAfterTrack;
                _adAfterTrack = TimeSpan.Zero;
                _track = null;
                continue;
            }
            StartNext(endAt);
        }
    }

    private void StartNext(DateTimeOffset at)
    {
        if (_upNext.TryDequeue(out var next))
        {
            StartTrack(next, at);
            return;
        }
        // The end of an album or playlist: the app shows its first track, paused at 0:00.
        _track = _contextFirst;
        _progressMs = 0;
        _playing = false;
        _since = at;
    }

    private void StartTrack(JsonObject track, DateTimeOffset at)
    {
        _track = track;
        _progressMs = 0;
        _since = at;
        _playing = true;
        BeginListen(at);
    }

    private void BeginListen(DateTimeOffset at)
    {
        _inListen = true;
        _listenStart = at;
        _listenMs = 0;
    }

    private void Accumulate()
    {
        var now = Now;
        if (_playing && _track is not null)
        {
            var played = (long)(now - _since).TotalMilliseconds;
            _progressMs += played;
            _listenMs += played;
        }
        _since = now;
    }

    private void Interrupt()
    {
        Accumulate();
        FinishListen(Now, reachedEnd: false);
        _resumeAt = null;
    }

    private void FinishListen(DateTimeOffset at, bool reachedEnd)
    {
        if (!_inListen || _track is null) return;
        _inListen = false;
        if (_listenMs > 0) Listens.Add(new FakeListen(_track["id"]!.GetValue<string>(), _listenStart, at, _listenMs, reachedEnd));
        if (_listenMs > RecordedAfterMs && !_privateSession) recordPlay(_track, at, _context);
    }

    private static long Duration(JsonObject track) => long.Parse(track["duration_ms"]!.ToJsonString());
}
