namespace Recommender.Engine.Serving;

/// <summary>Windowed play counts with a half-life, kept relative to a reference time so that adding is O(1) and ranking needs no decay pass.</summary>
internal sealed class Trending(TimeSpan halfLife, DateTimeOffset reference)
{
    private const double RebaseAbove = 500;
    private readonly List<double> _scaled = [];
    private DateTimeOffset _reference = reference;
    private double _max;

    public void Add(int item, double weight, DateTimeOffset at)
    {
        while (_scaled.Count <= item) _scaled.Add(0);
        var exponent = (at - _reference) / halfLife;
        if (exponent > RebaseAbove) { Rebase(at); exponent = 0; }
        _scaled[item] += weight * Math.Pow(2, exponent);
        _max = Math.Max(_max, _scaled[item]);
    }

    /// <summary>0..1 relative to the most trending item.</summary>
    public float Normalized(int item) => item < _scaled.Count && _max > 0 ? (float)(_scaled[item] / _max) : 0f;

    private void Rebase(DateTimeOffset at)
    {
        var factor = Math.Pow(2, -((at - _reference) / halfLife));
        for (var i = 0; i < _scaled.Count; i++) _scaled[i] *= factor;
        _max *= factor;
        _reference = at;
    }
}
