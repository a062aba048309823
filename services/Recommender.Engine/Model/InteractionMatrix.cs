using Recommender.Engine.Data;

namespace Recommender.Engine.Model;

/// <summary>Users × items confidence (positive only), the input every trainer reads.</summary>
public sealed class InteractionMatrix
{
    public required string[] UserIds { get; init; }
    public required string[] ItemIds { get; init; }
    /// <summary>Users × items, summed decayed confidence (&gt; 0 only).</summary>
    public required SparseRows Rows { get; init; }

    public int UserCount => UserIds.Length;
    public int ItemCount => ItemIds.Length;

    /// <summary>Aggregates interactions per (user, item): confidence-weighted, time-decayed relative to the newest timestamp.
    /// Items listed in <paramref name="catalog"/> are kept even with no interaction (cold items).</summary>
    public static InteractionMatrix Build(IEnumerable<Interaction> interactions, InteractionWeighting weighting, IEnumerable<string>? catalog = null)
    {
        var list = interactions as IReadOnlyCollection<Interaction> ?? interactions.ToList();
        var newest = list.Count == 0 ? 0 : list.Max(i => i.Timestamp);
        var users = new Dictionary<string, int>(StringComparer.Ordinal);
        var items = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var id in catalog ?? []) items.TryAdd(id, items.Count);
        var sums = new List<Dictionary<int, double>>();
        foreach (var x in list)
        {
            if (!users.TryGetValue(x.UserId, out var u)) { u = users.Count; users[x.UserId] = u; sums.Add([]); }
            if (!items.TryGetValue(x.ItemId, out var i)) { i = items.Count; items[x.ItemId] = i; }
            var w = weighting.Weigh(x.EventType, x.EventValue) * weighting.Decay(TimeSpan.FromSeconds(newest - x.Timestamp));
            sums[u][i] = sums[u].GetValueOrDefault(i) + w;
        }
        return FromSums(users.Keys.ToArray(), items.Keys.ToArray(), sums);
    }

    /// <summary>Builds from per-user sums of confidence; non-positive sums (net skips) are dropped.</summary>
    public static InteractionMatrix FromSums(string[] userIds, string[] itemIds, IReadOnlyList<IReadOnlyDictionary<int, double>> sums)
    {
        var rows = new (int[], float[])[sums.Count];
        for (var u = 0; u < sums.Count; u++)
        {
            var positive = sums[u].Where(kv => kv.Value > 0).ToArray();
            rows[u] = (positive.Select(kv => kv.Key).ToArray(), positive.Select(kv => (float)kv.Value).ToArray());
        }
        return new InteractionMatrix { UserIds = userIds, ItemIds = itemIds, Rows = SparseRows.FromRows(rows) };
    }
}
