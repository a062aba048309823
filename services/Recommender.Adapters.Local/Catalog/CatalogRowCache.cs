using System.Collections.Concurrent;
using Recommender.Core.Catalog;

namespace Recommender.Adapters.Local.Catalog;

/// <summary>
/// Catalog rows as catalog.db held them when last read, so the recommendations API names its tracks and the aggregator learns
/// from events without a query each time. This process's writes drop the rows they touch; a read that raced a write is not kept
/// (the generation moved). Another process writing the same file (the <c>catalog import</c> verb beside a running host) is seen
/// once a row is older than <see cref="MaxAge"/>. Bounded: past <see cref="Capacity"/> rows it starts over.
/// </summary>
internal sealed class CatalogRowCache
{
    public const int Capacity = 200_000;
    public static readonly TimeSpan MaxAge = TimeSpan.FromSeconds(30);

    private readonly ConcurrentDictionary<string, (CatalogTrack Row, long At)> _rows = new(StringComparer.Ordinal);
    private readonly Lock _sync = new();
    private long _generation;

    public long Generation => Volatile.Read(ref _generation);

    public bool TryGet(string trackId, out CatalogTrack row)
    {
        if (_rows.TryGetValue(trackId, out var entry) && Environment.TickCount64 - entry.At < MaxAge.TotalMilliseconds)
        {
            row = entry.Row;
            return true;
        }
        row = null!;
        return false;
    }

    /// <summary>Keeps rows read from the file, unless a write of this process finished since <paramref name="readGeneration"/>.</summary>
    public void Keep(IEnumerable<CatalogTrack> rows, long readGeneration)
    {
        lock (_sync)
        {
            if (_generation != readGeneration) return;
            if (_rows.Count >= Capacity) _rows.Clear();
            var now = Environment.TickCount64;
            foreach (var row in rows) _rows[row.TrackId] = (row, now);
        }
    }

    /// <summary>After a write: the rows of <paramref name="trackIds"/> are read again next time.</summary>
    public void Forget(IEnumerable<string> trackIds)
    {
        lock (_sync)
        {
            _generation++;
            foreach (var id in trackIds) _rows.TryRemove(id, out _);
        }
    }
}
