namespace Recommender.Engine.Serving;

/// <summary>Windowed play counts with a half-life, kept relative to a reference time so that adding is O(1) and ranking needs no decay pass.
/// The reference is the first event's time, so replaying the same events rebuilds the same numbers.</summary>
internal sealed class Trending(TimeSpan halfLife)
{
    private const double RebaseAbove = 500;
    private readonly List<double> _scaled = [];
    private DateTimeOffset? _reference;
    private double _max;

    public void Add(int item, double weight, DateTimeOffset at)
    {
        while (_scaled.Count <= item) _scaled.Add(0);
        _reference ??= at;
        var exponent = (at - _reference.Value) / halfLife;
        if (exponent > RebaseAbove) { Rebase(at); exponent = 0; }
        _scaled[item] += weight * Math.Pow(2, exponent);
        _max = Math.Max(_max, _scaled[item]);
    }

    /// <summary>0..1 relative to the most trending item.</summary>
    public float Normalized(int item) => item < _scaled.Count && _max > 0 ? (float)(_scaled[item] / _max) : 0f;

    private void Rebase(DateTimeOffset at)
    {
        var factor = Math.Pow(2, -((at - _reference!.Value) / halfLife));
        for (var i = 0; i < _scaled.Count; i++) _scaled[i] *= factor;
        _max *= factor;
        _reference = at;
    }

    public void Write(BinaryWriter w)
    {
        w.Write(_reference is { } r ? r.UtcTicks : 0L);
        w.Write(_max);
        w.Write(_scaled.Count);
        foreach (var v in _scaled) w.Write(v);
    }

    public void Read(BinaryReader r)
    {
        var ticks = r.ReadInt64();
        _reference = ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero);
        _max = r.ReadDouble();
        _scaled.Clear();
        for (var n = r.ReadInt32(); n > 0; n--) _scaled.Add(r.ReadDouble());
    }
}
