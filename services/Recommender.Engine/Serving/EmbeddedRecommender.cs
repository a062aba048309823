using Recommender.Core.Events;
using Recommender.Core.Recommendations;
using Recommender.Engine.Catalog;
using Recommender.Engine.Data;
using Recommender.Engine.Model;

namespace Recommender.Engine.Serving;

/// <summary>The embedded engine behind the recommender port: learns the catalog and each user's taste from the events it is fed,
/// folds a user's latest events into every request (no retrain needed), and serves from whichever trained model was swapped in last.</summary>
public sealed partial class EmbeddedRecommender : IRecommender, IInteractionTracker, IDisposable
{
    private const int DedupCapacity = 1_000_000;
    private readonly EngineOptions _options;
    private readonly TimeProvider _clock;
    private readonly ReaderWriterLockSlim _lock = new(LockRecursionPolicy.NoRecursion);
    private readonly TrackCatalog _catalog = new();
    private readonly Dictionary<string, UserState> _users = new(StringComparer.Ordinal);
    private readonly Trending _trending;
    // keyed by (user_id, event_id), as everywhere: one listener's event ids never hide another's events
    private readonly HashSet<(string UserId, string EventId)> _seenEvents = [];
    private readonly Queue<(string UserId, string EventId)> _seenOrder = new();
    private volatile ServingModel _serving = ServingModel.None;
    private long _eventsTracked;

    public EmbeddedRecommender(EngineOptions? options = null, TimeProvider? clock = null)
    {
        _options = options ?? new EngineOptions();
        _clock = clock ?? TimeProvider.System;
        _trending = new Trending(_options.TrendingHalfLife, _clock.GetUtcNow());
    }

    /// <summary>Events accepted so far (redeliveries not counted); the retrainer compares it with the count at its last snapshot.</summary>
    public long EventsTracked => Interlocked.Read(ref _eventsTracked);

    /// <summary>Version of the serving model (0 = none yet).</summary>
    public int ModelVersion => _serving.Version;

    /// <summary>When the serving model was trained; null before the first.</summary>
    public DateTimeOffset? ModelTrainedAt => _serving.Version == 0 ? null : _serving.Model.TrainedAt;

    public string ModelAlgorithm => _serving.Model.Algorithm;

    public Task TrackAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        _lock.EnterWriteLock();
        try
        {
            foreach (var e in events) Track(e);
        }
        finally { _lock.ExitWriteLock(); }
        return Task.CompletedTask;
    }

    private void Track(PlaybackEvent e)
    {
        var key = (e.UserId, e.EventId);
        if (!_seenEvents.Add(key)) return;
        _seenOrder.Enqueue(key);
        if (_seenOrder.Count > DedupCapacity) _seenEvents.Remove(_seenOrder.Dequeue());

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
        Interlocked.Increment(ref _eventsTracked);
    }

    /// <summary>Serves <paramref name="model"/> from now on; requests in flight finish on the old one.</summary>
    public void Swap(RecommenderModel model, int version)
    {
        _lock.EnterWriteLock();
        try
        {
            _serving = ServingModel.Build(model, version, _catalog);
            SeedUsers(model);
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
            var values = model.UserItems.RowValues(u).ToArray();
            if (_users.TryGetValue(model.UserIds[u], out var known))
            {
                foreach (var i in items) known.Played.Add(liveItem[i]);
                continue;
            }
            var user = new UserState();
            var order = Enumerable.Range(0, items.Length).OrderBy(k => values[k]).ToArray();
            foreach (var k in order)
            {
                var item = liveItem[items[k]];
                user.Confidence[item] = new DecayedValue(values[k], model.TrainedAt);
                user.Played.Add(item);
                user.Touch(item, _options.RecentTracksPerUser);
                UserState.AddTaste(user.GenreTaste, _catalog.GenresOf(item), values[k]);
                UserState.AddTaste(user.ArtistTaste, _catalog.ArtistsOf(item), values[k]);
                if (_catalog.AudioOf(item) is { } sound) user.Audio.Add(sound, values[k]);
            }
            _users[model.UserIds[u]] = user;
        }
    }

    /// <summary>Everything the engine has learned, as training input: decayed confidence per user and track, and the catalog's metadata.</summary>
    public (InteractionMatrix Matrix, List<ItemMetadata> Items) TrainingSnapshot()
    {
        _lock.EnterReadLock();
        try
        {
            var now = _clock.GetUtcNow();
            var userIds = _users.Keys.ToArray();
            var sums = userIds.Select(id => (IReadOnlyDictionary<int, double>)_users[id].Confidence
                .ToDictionary(kv => kv.Key, kv => kv.Value.ValueAt(now, _options.Weighting))).ToList();
            var itemIds = Enumerable.Range(0, _catalog.Count).Select(_catalog.Id).ToArray();
            var items = Enumerable.Range(0, _catalog.Count).Select(_catalog.Metadata).ToList();
            return (InteractionMatrix.FromSums(userIds, itemIds, sums), items);
        }
        finally { _lock.ExitReadLock(); }
    }

    public void Dispose() => _lock.Dispose();
}
