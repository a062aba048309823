namespace Recommender.Engine.Serving;

/// <summary>Keeps the N best (item, score) pairs seen, ties broken by lower item index for determinism.</summary>
internal sealed class TopN(int n)
{
    private readonly PriorityQueue<int, (float Score, int NegItem)> _heap = new(n + 1);

    public int Count => _heap.Count;

    /// <summary>False when <paramref name="score"/> cannot enter the list, so callers can skip costlier checks.</summary>
    public bool WouldAccept(float score) =>
        n > 0 && (_heap.Count < n || (_heap.TryPeek(out _, out var worst) && score >= worst.Score));

    public void Offer(int item, float score)
    {
        if (n <= 0) return;
        var key = (score, -item);
        if (_heap.Count < n) { _heap.Enqueue(item, key); return; }
        _heap.TryPeek(out _, out var worst);
        if (key.CompareTo(worst) > 0) _heap.EnqueueDequeue(item, key);
    }

    /// <summary>Best first.</summary>
    public List<(int Item, float Score)> Drain()
    {
        var result = new List<(int, float)>(_heap.Count);
        while (_heap.TryDequeue(out var item, out var key)) result.Add((item, key.Score));
        result.Reverse();
        return result;
    }
}
