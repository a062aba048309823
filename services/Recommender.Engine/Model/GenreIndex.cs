namespace Recommender.Engine.Model;

/// <summary>A model's item genres as ints with an inverted index, for the content part of offline scoring.</summary>
public sealed class GenreIndex
{
    public int[][] ItemGenres { get; }
    public List<int>[] GenreItems { get; }

    public GenreIndex(string[][] itemGenres)
    {
        var ids = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        ItemGenres = itemGenres.Select(gs => gs.Select(g => ids.TryGetValue(g, out var id) ? id : ids[g] = ids.Count).Distinct().ToArray()).ToArray();
        GenreItems = Enumerable.Range(0, ids.Count).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < ItemGenres.Length; i++)
            foreach (var g in ItemGenres[i]) GenreItems[g].Add(i);
    }

    /// <summary>Adds the history's taste (its top genres as shares) matched against each item's genres; returns the best score.</summary>
    public float Accumulate(ReadOnlySpan<int> history, ReadOnlySpan<float> weights, Span<float> scores, int terms)
    {
        var taste = new Dictionary<int, double>();
        for (var k = 0; k < history.Length; k++)
        {
            var gs = ItemGenres[history[k]];
            foreach (var g in gs) taste[g] = taste.GetValueOrDefault(g) + weights[k] / gs.Length;
        }
        var top = taste.Where(kv => kv.Value > 0).OrderByDescending(kv => kv.Value).Take(terms).ToArray();
        var sum = top.Sum(kv => kv.Value);
        var best = 0f;
        foreach (var (g, w) in top)
        {
            var share = (float)(w / sum);
            foreach (var j in GenreItems[g]) best = Math.Max(best, scores[j] += share / MathF.Sqrt(ItemGenres[j].Length));
        }
        return best;
    }
}
