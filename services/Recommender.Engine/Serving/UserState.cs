namespace Recommender.Engine.Serving;

/// <summary>What the engine knows of one user: decayed confidence per track (the retraining input), the latest distinct tracks (the fold-in input),
/// what was played and skipped (the filters' input) and genre/artist taste (the cold-start input). Guarded by the engine's lock.</summary>
internal sealed class UserState
{
    public Dictionary<int, DecayedValue> Confidence { get; } = [];
    /// <summary>Distinct tracks, oldest first, newest last.</summary>
    public List<int> Recent { get; } = [];
    public HashSet<int> Played { get; } = [];
    public HashSet<int> Skipped { get; } = [];
    public Dictionary<int, double> GenreTaste { get; } = [];
    public Dictionary<int, double> ArtistTaste { get; } = [];
    /// <summary>How what they play sounds (audio features), for never-played tracks of their genres and artists.</summary>
    public Catalog.AudioTaste Audio { get; } = new();

    public void Touch(int item, int capacity)
    {
        var at = Recent.LastIndexOf(item);
        if (at >= 0) Recent.RemoveAt(at);
        Recent.Add(item);
        if (Recent.Count > capacity) Recent.RemoveAt(0);
    }

    public static void AddTaste(Dictionary<int, double> taste, int[] terms, double weight)
    {
        if (terms.Length == 0) return;
        var share = weight / terms.Length;
        foreach (var t in terms) taste[t] = Math.Max(0, taste.GetValueOrDefault(t) + share);
    }

    /// <summary>The strongest terms of a taste as shares summing to 1.</summary>
    public static (int Term, float Share)[] Top(Dictionary<int, double> taste, int count)
    {
        var top = taste.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).Take(count).ToArray();
        var sum = top.Sum(kv => kv.Value);
        return top.Select(kv => (kv.Key, (float)(kv.Value / sum))).ToArray();
    }
}

/// <summary>A sum that halves every half-life: kept as (value, as-of time) and decayed when added to or read.</summary>
internal readonly record struct DecayedValue(double Value, DateTimeOffset At)
{
    public DecayedValue Add(double weight, DateTimeOffset at, InteractionWeighting w) =>
        at >= At ? new(Value * w.Decay(at - At) + weight, at) : new(Value + weight * w.Decay(At - at), At);

    public double ValueAt(DateTimeOffset now, InteractionWeighting w) => Value * w.Decay(now - At);
}
