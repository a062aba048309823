using Recommender.Core.Events;
using Recommender.Core.Recommendations;
using Recommender.Engine.Catalog;
using Recommender.Engine.Data;
using Recommender.Engine.Model;
using Recommender.Engine.State;

namespace Recommender.Engine.Serving;

/// <summary>The embedded engine behind the recommender port: learns the catalog and each user's taste from the events it is fed,
/// folds a user's latest events into every request (no retrain needed), and serves from whichever trained model was swapped in last.</summary>
public sealed partial class EmbeddedRecommender : IRecommender, IInteractionTracker, IDisposable
{
    private readonly EngineOptions _options;
    private readonly TimeProvider _clock;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly TrackCatalog _catalog = new();
    private readonly Dictionary<string, UserState> _users = new(StringComparer.Ordinal);
    private readonly Trending _trending;
    private volatile ServingModel _serving = ServingModel.None;
    private long _eventsTracked;
    private readonly CandidateCache _candidates = new();

    /// <summary>Requests answered from a listener's cached candidates, and requests that scored afresh (for the bench and tests).</summary>
    public (long Hits, long Misses) CandidateCacheCounts => (_candidates.Hits, _candidates.Misses);

    /// <summary>An engine whose memory is all it has (tests, offline ranking); <see cref="OpenDurable"/> opens one that survives restarts.</summary>
    public EmbeddedRecommender(EngineOptions? options = null, TimeProvider? clock = null) : this(options, clock, journal: null) { }

    private EmbeddedRecommender(EngineOptions? options, TimeProvider? clock, EngineJournal? journal)
    {
        _options = options ?? new EngineOptions();
        _clock = clock ?? TimeProvider.System;
        _trending = new Trending(_options.TrendingHalfLife);
        _journal = journal;
    }

    /// <summary>Events accepted so far (redeliveries not counted); the retrainer compares it with the count at its last snapshot.</summary>
    public long EventsTracked => Interlocked.Read(ref _eventsTracked);

    /// <summary>Version of the serving model (0 = none yet).</summary>
    public int ModelVersion => _serving.Version;

    /// <summary>When the serving model was trained; null before the first.</summary>
    public DateTimeOffset? ModelTrainedAt => _serving.Version == 0 ? null : _serving.Model.TrainedAt;

    public string ModelAlgorithm => _serving.Model.Algorithm;

    /// <summary>The settings the serving model was trained with (null before the first model, or for a file older than format 3).</summary>
    public Training.TrainingOptions? ServingSettings => _serving.Model.Settings;

    /// <summary>The model serving now (an empty one named "none" before the first).</summary>
    public RecommenderModel CurrentModel => _serving.Model;

    /// <summary>What the engine holds: listeners and tracks it knows.</summary>
    public (int Users, int Tracks) Size
    {
        get
        {
            _lock.EnterReadLock();
            try { return (_users.Count, _catalog.Count); }
            finally { _lock.ExitReadLock(); }
        }
    }

    public async Task TrackAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        if (_journal is null)
        {
            _lock.EnterWriteLock();
            try
            {
                foreach (var e in events)
                    if (IsNew(e)) Apply(e);
            }
            finally { _lock.ExitWriteLock(); }
            return;
        }
        // one journal writer at a time, so the journal's order is the order events changed the memory (replay rebuilds the same state)
        await _tracking.WaitAsync(cancellationToken);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            // durable before it counts: the hot path checkpoints once this returns
            var fresh = _journal.Append(events);
            _lock.EnterWriteLock();
            try
            {
                foreach (var (seq, e) in fresh)
                {
                    Apply(e);
                    _appliedSeq = seq;
                }
            }
            finally { _lock.ExitWriteLock(); }
        }
        finally { _tracking.Release(); }
    }

    private void Apply(PlaybackEvent e)
    {
        var item = _catalog.Learn(e.TrackId,
            e.Track?.Artists?.Select(a => a.Key).OfType<string>().ToArray(),
            e.Track?.Genres, e.Track?.Name, AudioProfile.From(e.Track?.AudioFeatures));
        if (!_users.TryGetValue(e.UserId, out var user)) _users[e.UserId] = user = new UserState();
        var weight = _options.Weighting.Weigh(e.EventType, e.FractionPlayed);
        user.Confidence[item] = user.Confidence.GetValueOrDefault(item).Add(weight, e.OccurredAt, _options.Weighting);
        user.Touch(item, _options.RecentTracksPerUser);
        if (EventTypes.IsListen(e.EventType)) user.Played.Add(item);
        if (e.EventType == EventTypes.Skip) user.Skipped.Add(item);
        UserState.AddTaste(user.GenreTaste, _catalog.GenresOf(item), weight);
        UserState.AddTaste(user.ArtistTaste, _catalog.ArtistsOf(item), weight);
        if (_catalog.AudioOf(item) is { } sound) user.Audio.Add(sound, weight);
        if (weight > 0) _trending.Add(item, weight, e.OccurredAt);
        user.Changed();
        Interlocked.Increment(ref _eventsTracked);
    }

    /// <summary>Serves <paramref name="model"/> from now on; requests in flight finish on the old one.</summary>
    public void Swap(RecommenderModel model, int version)
    {
        _lock.EnterWriteLock();
        try
        {
            _serving = ServingModel.Build(model, version, _catalog, _options.FactorPoolSize);
            SeedUsers(model);
            _candidates.Clear();
        }
        finally { _lock.ExitWriteLock(); }
    }

    // users the engine has not seen live start from their training history; for known users the history only widens "played"
    private void SeedUsers(RecommenderModel model)
    {
        var liveItem = model.ItemIds.Select(id => _catalog.Find(id)!.Value).ToArray();
        for (var u = 0; u < model.UserIds.Length; u++)
        {
            var items = model.UserItems.RowIndices(u);
            if (_users.TryGetValue(model.UserIds[u], out var known))
            {
                foreach (var i in items) known.Played.Add(liveItem[i]);
                known.Changed();
                continue;
            }
            var live = new int[items.Length];
            for (var k = 0; k < items.Length; k++) live[k] = liveItem[items[k]];
            _users[model.UserIds[u]] = Seeded(live, model.UserItems.RowValues(u), model.TrainedAt);
        }
    }

    /// <summary>A user known only by summed confidence per track (no event order): the strongest tracks count as the most recent.
    /// Net-negative tracks (skipped more than played) pull their neighbours down, as a live skip does, and count as played.</summary>
    private UserState Seeded(ReadOnlySpan<int> items, ReadOnlySpan<float> values, DateTimeOffset at)
    {
        var user = new UserState();
        var keys = values.ToArray();
        foreach (var k in Enumerable.Range(0, keys.Length).OrderBy(k => keys[k]))
        {
            var item = items[k];
            var value = values[k];
            user.Confidence[item] = new DecayedValue(value, at);
            user.Played.Add(item);
            user.Touch(item, _options.RecentTracksPerUser);
            UserState.AddTaste(user.GenreTaste, _catalog.GenresOf(item), value);
            UserState.AddTaste(user.ArtistTaste, _catalog.ArtistsOf(item), value);
            if (_catalog.AudioOf(item) is { } sound) user.Audio.Add(sound, value);
        }
        return user;
    }

    /// <summary>Replaces what the engine knows of <paramref name="userId"/> with a history of summed confidence per track, as a user
    /// seeded from a model's training data starts (offline evaluation folds its test users in this way).</summary>
    internal void Seed(string userId, IReadOnlyList<(string TrackId, float Confidence)> history, DateTimeOffset at)
    {
        _lock.EnterWriteLock();
        try
        {
            var items = history.Select(h => _catalog.GetOrAdd(h.TrackId)).ToArray();
            _users[userId] = Seeded(items, history.Select(h => h.Confidence).ToArray(), at);
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Counts <paramref name="trackIds"/> as played by <paramref name="userId"/>, so exclude-played leaves them out (offline
    /// evaluation excludes a user's validation items from the test ranking this way).</summary>
    internal void MarkPlayed(string userId, IEnumerable<string> trackIds)
    {
        _lock.EnterWriteLock();
        try
        {
            if (!_users.TryGetValue(userId, out var user)) _users[userId] = user = new UserState();
            foreach (var id in trackIds) user.Played.Add(_catalog.GetOrAdd(id));
            user.Changed();
        }
        finally { _lock.ExitWriteLock(); }
    }

    /// <summary>Everything the engine has learned, as training input: decayed confidence per user and track, and the catalog's metadata.</summary>
    public (InteractionMatrix Matrix, List<ItemMetadata> Items) TrainingSnapshot()
    {
        _lock.EnterReadLock();
        try
        {
            var now = _clock.GetUtcNow();
            var userIds = _users.Keys.ToArray();
            var sums = userIds.Select(id => (IReadOnlyDictionary<int, (double, long)>)_users[id].Confidence
                .ToDictionary(kv => kv.Key, kv => (kv.Value.ValueAt(now, _options.Weighting), kv.Value.At.ToUnixTimeSeconds()))).ToList();
            var itemIds = Enumerable.Range(0, _catalog.Count).Select(_catalog.Id).ToArray();
            var items = Enumerable.Range(0, _catalog.Count).Select(_catalog.Metadata).ToList();
            var times = sums.SelectMany(s => s.Values.Select(v => v.Item2)).Distinct().Take(2).Count();
            return (InteractionMatrix.FromSums(userIds, itemIds, sums, realTimes: times > 1), items);
        }
        finally { _lock.ExitReadLock(); }
    }

    public void Dispose()
    {
        // a snapshot or a batch in progress finishes first; a late one (a host stopping after its container) then finds the engine closed
        _tracking.Wait();
        try
        {
            _disposed = true;
            _journal?.Dispose();
        }
        finally { _tracking.Release(); }
        _lock.Dispose();
    }
}
