namespace Recommender.Engine.Model;

/// <summary>A sparse matrix in compressed rows: row r holds Indices/Values[Offsets[r]..Offsets[r+1]], indices ascending.</summary>
public sealed class SparseRows(int[] offsets, int[] indices, float[] values)
{
    public int[] Offsets { get; } = offsets;
    public int[] Indices { get; } = indices;
    public float[] Values { get; } = values;
    public int RowCount => Offsets.Length - 1;
    public int NonZeros => Indices.Length;

    public ReadOnlySpan<int> RowIndices(int row) => Indices.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);
    public ReadOnlySpan<float> RowValues(int row) => Values.AsSpan(Offsets[row], Offsets[row + 1] - Offsets[row]);
    public int RowLength(int row) => Offsets[row + 1] - Offsets[row];

    /// <summary>The value at (row, column), 0 when absent.</summary>
    public float At(int row, int column)
    {
        var i = RowIndices(row).BinarySearch(column);
        return i >= 0 ? Values[Offsets[row] + i] : 0f;
    }

    public static SparseRows Empty(int rows) => new(new int[rows + 1], [], []);

    /// <summary>Builds from per-row lists; each row is sorted by index.</summary>
    public static SparseRows FromRows(IReadOnlyList<(int[] Indices, float[] Values)> rows)
    {
        var offsets = new int[rows.Count + 1];
        for (var r = 0; r < rows.Count; r++) offsets[r + 1] = offsets[r] + rows[r].Indices.Length;
        var indices = new int[offsets[^1]];
        var values = new float[offsets[^1]];
        for (var r = 0; r < rows.Count; r++)
        {
            var (ri, rv) = rows[r];
            var idx = (int[])ri.Clone();
            var val = (float[])rv.Clone();
            Array.Sort(idx, val);
            idx.CopyTo(indices, offsets[r]);
            val.CopyTo(values, offsets[r]);
        }
        return new SparseRows(offsets, indices, values);
    }

    /// <summary>The transpose (columns become rows), with <paramref name="columns"/> rows.</summary>
    public SparseRows Transpose(int columns)
    {
        var offsets = new int[columns + 1];
        foreach (var c in Indices) offsets[c + 1]++;
        for (var c = 0; c < columns; c++) offsets[c + 1] += offsets[c];
        var fill = (int[])offsets.Clone();
        var indices = new int[NonZeros];
        var values = new float[NonZeros];
        for (var r = 0; r < RowCount; r++)
            for (var k = Offsets[r]; k < Offsets[r + 1]; k++)
            {
                var at = fill[Indices[k]]++;
                indices[at] = r;
                values[at] = Values[k];
            }
        return new SparseRows(offsets, indices, values);
    }
}
