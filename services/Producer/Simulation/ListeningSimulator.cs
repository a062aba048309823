using Recommender.Core.Events;

namespace Producer.Simulation;

public sealed record SimulationOptions
{
    public int Seed { get; init; } = 1;

    /// <summary>The latest moment an event may carry; events spread over <see cref="Span"/> before it.</summary>
    public DateTimeOffset Now { get; init; } = TimeProvider.System.GetUtcNow();

    public TimeSpan Span { get; init; } = TimeSpan.FromDays(7);

    /// <summary>Prefix of every event_id; ids are prefix + ordinal, so the same run yields the same ids.</summary>
    public string? EventIdPrefix { get; init; }
}

/// <summary>
/// Turns listeners into listening sessions, in time order: each session has a mood (one of the
/// listener's genres) and a playlist context; tracks come mostly from taste; tracks far from taste
/// are skipped more often (a few seconds played), the rest play to about the end.
/// </summary>
public sealed class ListeningSimulator
{
    private const int MeanSessionTracks = 12;
    private static readonly TimeSpan IdleBetweenSessions = TimeSpan.FromMinutes(31);

    private readonly SyntheticCatalog _catalog;
    private readonly SyntheticListeners _listeners;
    private readonly SimulationOptions _options;

    public ListeningSimulator(SyntheticListeners listeners, SimulationOptions? options = null)
    {
        _listeners = listeners;
        _catalog = listeners.Catalog;
        _options = options ?? new SimulationOptions();
    }

    /// <summary>Yields exactly <paramref name="count"/> events, oldest first; none later than <see cref="SimulationOptions.Now"/>.</summary>
    public IEnumerable<PlaybackEvent> Generate(long count)
    {
        var random = new Random(_options.Seed);
        var prefix = _options.EventIdPrefix ?? $"sim{_options.Seed}";
        var now = _options.Now.ToUniversalTime();
        var start = now - _options.Span;
        var states = PlanListeners(count, start, random);
        var queue = new PriorityQueue<int, (long Ticks, int Index)>(states.Length);
        for (var i = 0; i < states.Length; i++) queue.Enqueue(i, (states[i].NextTicks, i));

        for (long ordinal = 0; ordinal < count; ordinal++)
        {
            var index = queue.Dequeue();
            yield return Next(ref states[index], _listeners[index], $"{prefix}-{ordinal:x}", now.UtcTicks, random);
            queue.Enqueue(index, (states[index].NextTicks, index));
        }
    }

    /// <summary>The listener's next play, and their clock moved past it.</summary>
    private PlaybackEvent Next(ref ListenerState state, SyntheticListener listener, string eventId, long nowTicks, Random random)
    {
        if (state.RemainingInSession == 0) StartSession(ref state, listener, random);

        var track = _catalog.Tracks[ChooseTrack(listener, state.Mood, random)];
        var affinity = listener.Affinity(_catalog, track);
        var skipChance = 0.06 + 0.74 * Math.Pow(1 - affinity, 1.5);
        var skipped = random.NextDouble() < skipChance;
        var msPlayed = skipped
            ? random.Next(1_000, (int)Math.Min(29_000, track.DurationMs - 1))
            : track.DurationMs - random.Next(0, 2_500);
        var e = new PlaybackEvent
        {
            EventId = eventId,
            UserId = listener.UserId,
            TrackId = track.Id,
            EventType = skipped ? EventTypes.Skip : EventTypes.Complete,
            OccurredAt = new DateTimeOffset(Math.Min(state.NextTicks, nowTicks), TimeSpan.Zero),
            MsPlayed = msPlayed,
            TrackDurationMs = track.DurationMs,
            SessionId = state.SessionId,
            Context = state.Context,
            Track = track.Metadata,
        };

        state.RemainingInSession--;
        state.NextTicks += TimeSpan.TicksPerMillisecond * (msPlayed + random.Next(0, 3_000));
        if (state.RemainingInSession == 0)
            state.NextTicks += IdleBetweenSessions.Ticks + (long)(random.NextDouble() * 2 * state.MeanGapTicks);
        return e;
    }

    private ListenerState[] PlanListeners(long count, DateTimeOffset start, Random random)
    {
        var totalActivity = _listeners.All.Sum(l => l.Activity);
        var states = new ListenerState[_listeners.Count];
        for (var i = 0; i < states.Length; i++)
        {
            // Spread each listener's sessions over the span; 0.85 leaves slack so few events pile up at "now".
            var expectedEvents = Math.Max(1.0, count * _listeners[i].Activity / totalActivity);
            var sessions = Math.Max(1.0, expectedEvents / MeanSessionTracks);
            var sessionTicks = MeanSessionTracks * TimeSpan.FromMinutes(3).Ticks;
            var gap = Math.Max(0, _options.Span.Ticks * 0.85 / sessions - sessionTicks - IdleBetweenSessions.Ticks);
            states[i] = new ListenerState
            {
                MeanGapTicks = gap,
                NextTicks = start.UtcTicks + (long)(random.NextDouble() * Math.Min(gap + IdleBetweenSessions.Ticks, _options.Span.Ticks * 0.5)),
            };
        }
        return states;
    }

    private void StartSession(ref ListenerState state, SyntheticListener listener, Random random)
    {
        state.SessionNumber++;
        state.RemainingInSession = Math.Max(1, (int)(MeanSessionTracks * (0.3 + random.NextDouble() * 1.4)));
        state.Mood = PickWeighted(listener.FavouriteGenres, listener.MoodWeights, random);
        state.SessionId = $"{listener.UserId}-s{state.SessionNumber}";
        state.Context = new PlaybackContext { Type = "playlist", Uri = $"syn:playlist:{_catalog.Genres[state.Mood].Replace(' ', '-')}" };
    }

    private int ChooseTrack(SyntheticListener listener, int mood, Random random)
    {
        var roll = random.NextDouble();
        if (roll < 0.12 && listener.FavouriteArtists.Length > 0)
        {
            var artist = _catalog.Artists[listener.FavouriteArtists[random.Next(listener.FavouriteArtists.Length)]];
            return artist.Tracks[random.Next(artist.Tracks.Length)];
        }
        var genre = roll switch
        {
            < 0.62 => mood,
            < 0.92 => PickWeighted(listener.FavouriteGenres, listener.GenreWeights, random),
            _ => random.Next(_catalog.Genres.Count), // exploring outside the usual taste
        };
        var tracks = _catalog.TracksOfGenre(genre);
        if (tracks.Length == 0) return random.Next(_catalog.Tracks.Count);
        // Squaring a uniform favours the front of the popularity order: a long tail.
        var u = random.NextDouble();
        return tracks[(int)(u * u * tracks.Length)];
    }

    private static int PickWeighted(int[] items, double[] weights, Random random)
    {
        var r = random.NextDouble();
        for (var i = 0; i < items.Length; i++)
        {
            r -= weights[i];
            if (r < 0) return items[i];
        }
        return items[^1];
    }

    private struct ListenerState
    {
        public long NextTicks;
        public double MeanGapTicks;
        public int RemainingInSession;
        public int SessionNumber;
        public int Mood;
        public string? SessionId;
        public PlaybackContext? Context;
    }
}
