using System.Numerics.Tensors;
using Recommender.Engine.Model;

namespace Recommender.Engine.Serving;

/// <summary>
/// The model tracks a request scans with the implicit-ALS factors: the <see cref="Size"/> most popular ones, their
/// factors copied contiguously. Reading every track's factors on a 100k catalog is 25 MB a request (memory-bound,
/// ~3 ms), and so are the random reads for every track the graph reached; factors of tracks that rare carry little,
/// so tracks outside the pool get no factor term and are reached by the graph and taste alone. Catalogs up to this
/// size (Last.fm 2K has 17,632 artists) are scanned whole, exactly as the offline evaluator ranks.
/// </summary>
internal sealed class FactorPool
{
    public const int Size = 20_000;

    public required FactorModel Factors { get; init; }
    /// <summary>Model indices of the pooled tracks, most popular first.</summary>
    public required int[] Items { get; init; }
    /// <summary>Pooled tracks × k, row-major.</summary>
    public required float[] Rows { get; init; }
    /// <summary>Pool position of each model track, −1 outside the pool.</summary>
    public required int[] Position { get; init; }

    public static FactorPool Build(FactorModel factors, float[] itemPopularity, int size = Size)
    {
        var count = Math.Min(factors.ItemCount, itemPopularity.Length);
        var items = Enumerable.Range(0, count).ToArray();
        if (count > size)
        {
            var keys = items.Select(i => -itemPopularity[i]).ToArray();
            Array.Sort(keys, items);
            items = items[..size];
        }
        var k = factors.Count;
        var rows = new float[items.Length * k];
        for (var p = 0; p < items.Length; p++) factors.Item(items[p]).CopyTo(rows.AsSpan(p * k, k));
        var position = new int[factors.ItemCount];
        Array.Fill(position, -1);
        for (var p = 0; p < items.Length; p++) position[items[p]] = p;
        return new FactorPool { Factors = factors, Items = items, Rows = rows, Position = position };
    }

    /// <summary>Scores of the pooled tracks for a user factor, in pool order.</summary>
    public void Score(ReadOnlySpan<float> user, Span<float> scores)
    {
        var k = Factors.Count;
        for (var p = 0; p < Items.Length; p++) scores[p] = TensorPrimitives.Dot(Rows.AsSpan(p * k, k), user);
    }
}
