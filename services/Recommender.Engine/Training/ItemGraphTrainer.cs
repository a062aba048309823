using System.Numerics.Tensors;
using Recommender.Engine.Model;

namespace Recommender.Engine.Training;

/// <summary>Builds the item-to-item neighbour graph for item-kNN and RP3beta: one pass over item → user → item paths, in parallel over items.</summary>
internal static class ItemGraphTrainer
{
    public static SparseRows Build(SparseRows userItems, int itemCount, TrainingOptions options, Algorithm algorithm)
    {
        var scaled = Scale(userItems, options.Scaling);
        var itemUsers = scaled.Transpose(itemCount);
        var (forward, backward, columnWeight) = algorithm switch
        {
            Algorithm.ItemKnn => CosineFactors(scaled, itemUsers, itemCount),
            Algorithm.Rp3Beta => RandomWalkFactors(scaled, itemUsers, itemCount, options),
            _ => throw new ArgumentOutOfRangeException(nameof(algorithm), algorithm, "not an item-graph algorithm"),
        };
        var cosine = algorithm == Algorithm.ItemKnn;
        var shrink = (float)options.Shrink;
        var rows = new (int[], float[])[itemCount];
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.Threads > 0 ? options.Threads : Environment.ProcessorCount };
        Parallel.For(0, itemCount, parallel,
            () => new Accumulator(itemCount),
            (i, _, acc) =>
            {
                var users = backward.RowIndices(i);
                var a = backward.RowValues(i);
                for (var k = 0; k < users.Length; k++)
                {
                    var items = forward.RowIndices(users[k]);
                    var b = forward.RowValues(users[k]);
                    for (var n = 0; n < items.Length; n++) acc.Add(items[n], a[k] * b[n]);
                }
                rows[i] = acc.TakeTop(i, options.Neighbors, columnWeight, cosine, shrink);
                return acc;
            },
            _ => { });
        return SparseRows.FromRows(rows);
    }

    internal static SparseRows Scale(SparseRows m, ConfidenceScaling scaling)
    {
        var values = new float[m.NonZeros];
        for (var k = 0; k < values.Length; k++)
            values[k] = scaling == ConfidenceScaling.Binary ? 1f : 1f + MathF.Log(1f + m.Values[k]);
        return new SparseRows(m.Offsets, m.Indices, values);
    }

    // cosine: Σ r_ui r_uj / (|i| |j| + shrink); the |i||j| part is applied per column in TakeTop
    private static (SparseRows, SparseRows, float[]) CosineFactors(SparseRows userItems, SparseRows itemUsers, int itemCount)
    {
        var norms = new float[itemCount];
        for (var i = 0; i < itemCount; i++) norms[i] = MathF.Sqrt(TensorPrimitives.SumOfSquares(itemUsers.RowValues(i)));
        return (userItems, itemUsers, norms);
    }

    // P(user→item) row-normalised over the user's items, P(item→user) over the item's users, both ^alpha; columns / degree^beta
    private static (SparseRows, SparseRows, float[]) RandomWalkFactors(SparseRows userItems, SparseRows itemUsers, int itemCount, TrainingOptions o)
    {
        var alpha = (float)o.Alpha;
        var forward = RowNormalized(userItems, alpha);
        var backward = RowNormalized(itemUsers, alpha);
        var penalty = new float[itemCount];
        for (var j = 0; j < itemCount; j++)
        {
            var degree = itemUsers.RowLength(j);
            penalty[j] = degree == 0 ? 0f : (float)Math.Pow(degree, -o.Beta);
        }
        return (forward, backward, penalty);
    }

    private static SparseRows RowNormalized(SparseRows m, float alpha)
    {
        var values = new float[m.NonZeros];
        for (var r = 0; r < m.RowCount; r++)
        {
            var row = m.RowValues(r);
            var sum = TensorPrimitives.Sum(row);
            if (sum <= 0) continue;
            var target = values.AsSpan(m.Offsets[r], row.Length);
            TensorPrimitives.Divide(row, sum, target);
            if (alpha != 1f) TensorPrimitives.Pow(target, alpha, target);
        }
        return new SparseRows(m.Offsets, m.Indices, values);
    }

    /// <summary>A dense scratch row reused by one worker; only touched cells are read and reset.</summary>
    private sealed class Accumulator(int size)
    {
        private readonly float[] _sum = new float[size];
        private readonly List<int> _touched = [];

        public void Add(int j, float v)
        {
            if (_sum[j] == 0f) _touched.Add(j);
            _sum[j] += v;
        }

        public (int[], float[]) TakeTop(int self, int k, float[] columnWeight, bool cosine, float shrink)
        {
            var n = _touched.Count;
            var keys = new float[n];
            var idx = new int[n];
            var m = 0;
            foreach (var j in _touched)
            {
                var s = _sum[j];
                _sum[j] = 0f;
                if (j == self || s <= 0f) continue;
                // item-kNN weights are norms (divide by |i||j|+shrink); RP3beta weights are popularity penalties (multiply)
                var v = cosine ? s / (columnWeight[self] * columnWeight[j] + shrink) : s * columnWeight[j];
                keys[m] = -v;
                idx[m] = j;
                m++;
            }
            _touched.Clear();
            Array.Sort(keys, idx, 0, m);
            var take = Math.Min(k, m);
            var outIdx = new int[take];
            var outVal = new float[take];
            for (var t = 0; t < take; t++) { outIdx[t] = idx[t]; outVal[t] = -keys[t]; }
            return (outIdx, outVal);
        }
    }
}
