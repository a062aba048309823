using Recommender.Engine.Model;

namespace Recommender.Engine.Training;

/// <summary>EASE (Steck 2019): B = I − P·diag(1/diag P) with P = (XᵀX + λI)⁻¹, kept as the top neighbours per item.
/// When users are fewer than items, P comes through the Woodbury identity, P = (I − Xᵀ(XXᵀ + λI)⁻¹X)/λ,
/// so the dense inverse is min(users, items) wide.</summary>
internal static class EaseTrainer
{
    public static SparseRows Build(SparseRows userItems, int itemCount, TrainingOptions o)
    {
        var x = ItemGraphTrainer.Scale(userItems, o.Scaling);
        var xt = x.Transpose(itemCount);
        var lambda = o.Lambda;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = o.Threads > 0 ? o.Threads : Environment.ProcessorCount };
        return itemCount <= x.RowCount ? ItemSpace(xt, x, itemCount, lambda, o, parallel) : UserSpace(x, xt, itemCount, lambda, o, parallel);
    }

    private static SparseRows ItemSpace(SparseRows itemUsers, SparseRows userItems, int n, double lambda, TrainingOptions o, ParallelOptions parallel)
    {
        var p = SymmetricInverse.Invert(Gram(itemUsers, userItems, n, lambda, parallel), n, parallel);
        var rows = new (int[], float[])[n];
        Parallel.For(0, n, parallel, () => new Scratch(n), (i, _, scratch) =>
        {
            var row = scratch.Row;
            for (var j = 0; j < n; j++) row[j] = j == i ? 0f : (float)(-p[i * n + j] / p[j * n + j]);
            rows[i] = scratch.Top(o.Neighbors);
            return scratch;
        }, _ => { });
        return SparseRows.FromRows(rows);
    }

    private static SparseRows UserSpace(SparseRows userItems, SparseRows itemUsers, int n, double lambda, TrainingOptions o, ParallelOptions parallel)
    {
        var m = userItems.RowCount;
        var k = SymmetricInverse.Invert(Gram(userItems, itemUsers, m, lambda, parallel), m, parallel);
        // λ·P_jj = 1 − x_jᵀ K x_j
        var diagonal = new double[n];
        Parallel.For(0, n, parallel, j =>
        {
            var users = itemUsers.RowIndices(j);
            var values = itemUsers.RowValues(j);
            double q = 0;
            for (var a = 0; a < users.Length; a++)
                for (var b = 0; b < users.Length; b++)
                    q += values[a] * values[b] * k[users[a] * m + users[b]];
            diagonal[j] = 1 - q;
        });
        var rows = new (int[], float[])[n];
        Parallel.For(0, n, parallel, () => new Scratch(n, m), (i, _, scratch) =>
        {
            var (y, row) = (scratch.Users, scratch.Row);
            Array.Clear(y);
            var users = itemUsers.RowIndices(i);
            var values = itemUsers.RowValues(i);
            for (var a = 0; a < users.Length; a++)
            {
                var column = k.AsSpan(users[a] * m, m);
                var w = values[a];
                for (var v = 0; v < m; v++) y[v] += w * column[v];
            }
            Array.Clear(row);
            // λ·P_ij = δ_ij − yᵀ x_j, so B_ij = −P_ij / P_jj = (yᵀ x_j) / (λ·P_jj) for j ≠ i
            for (var v = 0; v < m; v++)
            {
                var yv = (float)y[v];
                if (yv == 0f) continue;
                var items = userItems.RowIndices(v);
                var r = userItems.RowValues(v);
                for (var t = 0; t < items.Length; t++) row[items[t]] += yv * r[t];
            }
            for (var j = 0; j < n; j++) row[j] = j == i || diagonal[j] <= 0 ? 0f : (float)(row[j] / diagonal[j]);
            rows[i] = scratch.Top(o.Neighbors);
            return scratch;
        }, _ => { });
        return SparseRows.FromRows(rows);
    }

    // A·Aᵀ + λI for A given by its rows (a) and columns (aT)
    private static double[] Gram(SparseRows a, SparseRows aT, int size, double lambda, ParallelOptions parallel)
    {
        var g = new double[size * size];
        Parallel.For(0, size, parallel, r =>
        {
            var line = g.AsSpan(r * size, size);
            var cols = a.RowIndices(r);
            var vals = a.RowValues(r);
            for (var t = 0; t < cols.Length; t++)
            {
                var others = aT.RowIndices(cols[t]);
                var ov = aT.RowValues(cols[t]);
                for (var s = 0; s < others.Length; s++) line[others[s]] += vals[t] * ov[s];
            }
            line[r] += lambda;
        });
        return g;
    }

    /// <summary>One worker's rows, reused for every item it builds (a row per item would be gigabytes of garbage on a 17k-item catalog).</summary>
    private sealed class Scratch(int items, int users = 0)
    {
        public readonly float[] Row = new float[items];
        public readonly double[] Users = new double[users];
        private readonly float[] _keys = new float[items];
        private readonly int[] _indices = new int[items];

        /// <summary>The k largest positive entries of <see cref="Row"/>.</summary>
        public (int[], float[]) Top(int k)
        {
            var m = 0;
            for (var j = 0; j < Row.Length; j++)
                if (Row[j] > 0) { _keys[m] = -Row[j]; _indices[m] = j; m++; }
            // only the set of the k best matters (rows are re-sorted by index later): select, don't sort
            if (m > k) ItemGraphTrainer.Select(_keys, _indices, m, k);
            var take = Math.Min(k, m);
            var values = new float[take];
            for (var t = 0; t < take; t++) values[t] = -_keys[t];
            return (_indices[..take], values);
        }
    }
}
