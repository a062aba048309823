using Recommender.Engine.Data;

namespace Recommender.Engine.Model;

/// <summary>Users × items confidence (positive only), the input every trainer reads.</summary>
public sealed class InteractionMatrix
{
    public required string[] UserIds { get; init; }
    public required string[] ItemIds { get; init; }
    /// <summary>Users × items, summed decayed confidence (&gt; 0 only).</summary>
    public required SparseRows Rows { get; init; }
    /// <summary>Epoch seconds of each pair's newest event, parallel to <c>Rows.Values</c>; null when the data has no real times
    /// (every event at the same instant, as in Last.fm's play counts), so "newest" means nothing.</summary>
    public long[]? LastSeen { get; init; }

    public int UserCount => UserIds.Length;
    public int ItemCount => ItemIds.Length;

    /// <summary>Aggregates interactions per (user, item): confidence-weighted, time-decayed relative to the newest timestamp.
    /// Items listed in <paramref name="catalog"/> are kept even with no interaction (cold items).</summary>
    public static InteractionMatrix Build(IEnumerable<Interaction> interactions, InteractionWeighting weighting, IEnumerable<string>? catalog = null)
    {
        var list = interactions as IReadOnlyCollection<Interaction> ?? interactions.ToList();
        var newest = list.Count == 0 ? 0 : list.Max(i => i.Timestamp);
        var oldest = list.Count == 0 ? 0 : list.Min(i => i.Timestamp);
        var users = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in catalog ?? []) items.TryAdd(id, items.Count);
        var sums = new List<Dictionary<int, (double Sum, long Last)>>();
        foreach (var x in list)
        {
            if (!users.TryGetValue(x.UserId, out var u)) { u = users.Count; users[x.UserId] = u; sums.Add([]); }
            if (!items.TryGetValue(x.ItemId, out var i)) { i = items.Count; items[x.ItemId] = i; }
            var w = weighting.Weigh(x.EventType, x.EventValue) * weighting.Decay(TimeSpan.FromSeconds(newest - x.Timestamp));
            var (sum, last) = sums[u].GetValueOrDefault(i, (0, long.MinValue));
            sums[u][i] = (sum + w, Math.Max(last, x.Timestamp));
        }
        return FromSums(users.Keys.ToArray(), items.Keys.ToArray(), sums, realTimes: newest > oldest);
    }

    /// <summary>Builds from per-user sums of confidence with each pair's newest event time; non-positive sums (net skips) are dropped.</summary>
    public static InteractionMatrix FromSums(string[] userIds, string[] itemIds, IReadOnlyList<IReadOnlyDictionary<int, (double Sum, long Last)>> sums, bool realTimes)
    {
        var rows = new (int[], float[])[sums.Count];
        var times = new List<long[]>(sums.Count);
        for (var u = 0; u < sums.Count; u++)
        {
            var positive = sums[u].Where(kv => kv.Value.Sum > 0).OrderBy(kv => kv.Key).ToArray();
            rows[u] = (positive.Select(kv => kv.Key).ToArray(), positive.Select(kv => (float)kv.Value.Sum).ToArray());
            times.Add(positive.Select(kv => kv.Value.Last).ToArray());
        }
        // rows are sorted by item already, so the times line up with SparseRows' order
        return new InteractionMatrix
        {
            UserIds = userIds, ItemIds = itemIds, Rows = SparseRows.FromRows(rows),
            LastSeen = realTimes ? times.SelectMany(t => t).ToArray() : null,
        };
    }

    /// <summary>The same users and items with only the pairs <paramref name="keep"/> accepts (by user row and position in <c>Rows</c>).</summary>
    public InteractionMatrix Where(Func<int, int, bool> keep)
    {
        var offsets = new int[UserCount + 1];
        var indices = new List<int>(Rows.NonZeros);
        var values = new List<float>(Rows.NonZeros);
        var times = LastSeen is null ? null : new List<long>(Rows.NonZeros);
        for (var u = 0; u < UserCount; u++)
        {
            for (var p = Rows.Offsets[u]; p < Rows.Offsets[u + 1]; p++)
            {
                if (!keep(u, p)) continue;
                indices.Add(Rows.Indices[p]);
                values.Add(Rows.Values[p]);
                times?.Add(LastSeen![p]);
            }
            offsets[u + 1] = indices.Count;
        }
        return new InteractionMatrix
        {
            UserIds = UserIds, ItemIds = ItemIds, Rows = new SparseRows(offsets, indices.ToArray(), values.ToArray()), LastSeen = times?.ToArray(),
        };
    }
}
