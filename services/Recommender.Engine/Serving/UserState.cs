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

    /// <summary>Bumped on every change, so a cached candidate list knows it is out of date (not saved: caches start empty).</summary>
    public long Version { get; private set; }

    public void Changed() => Version++;

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

    /// <summary>Saved in enumeration order, which a dictionary that never removes keeps on reading back: ties among tastes break the same way after a restart.</summary>
    public void Write(BinaryWriter w)
    {
        w.Write(Confidence.Count);
        foreach (var (item, value) in Confidence)
        {
            w.Write(item);
            w.Write(value.Value);
            w.Write(value.At.UtcTicks);
        }
        EmbeddedRecommender.WriteInts(w, Recent);
        EmbeddedRecommender.WriteInts(w, Played);
        EmbeddedRecommender.WriteInts(w, Skipped);
        WriteTaste(w, GenreTaste);
        WriteTaste(w, ArtistTaste);
        Audio.Write(w);
    }

    public static UserState Read(BinaryReader r)
    {
        var user = new UserState();
        for (var n = r.ReadInt32(); n > 0; n--) user.Confidence[r.ReadInt32()] = new DecayedValue(r.ReadDouble(), new DateTimeOffset(r.ReadInt64(), TimeSpan.Zero));
        user.Recent.AddRange(EmbeddedRecommender.ReadInts(r));
        user.Played.UnionWith(EmbeddedRecommender.ReadInts(r));
        user.Skipped.UnionWith(EmbeddedRecommender.ReadInts(r));
        ReadTaste(r, user.GenreTaste);
        ReadTaste(r, user.ArtistTaste);
        user.Audio.Read(r);
        return user;
    }

    private static void WriteTaste(BinaryWriter w, Dictionary<int, double> taste)
    {
        w.Write(taste.Count);
        foreach (var (term, value) in taste)
        {
            w.Write(term);
            w.Write(value);
        }
    }

    private static void ReadTaste(BinaryReader r, Dictionary<int, double> taste)
    {
        for (var n = r.ReadInt32(); n > 0; n--) taste[r.ReadInt32()] = r.ReadDouble();
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
