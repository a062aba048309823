namespace Recommender.Engine.Catalog;

/// <summary>
/// How a track sounds, from Spotify's audio features scaled to 0..1 (NaN where unknown): what the cold start compares a
/// never-played track with, beside its artists and genres (what Personalize's ITEMS dataset gives its models).
/// </summary>
internal sealed class AudioProfile
{
    /// <summary>The features compared, and the value each is divided by to land in 0..1.</summary>
    public static readonly (string Name, double Scale)[] Features =
    [
        ("danceability", 1), ("energy", 1), ("valence", 1), ("acousticness", 1), ("instrumentalness", 1), ("speechiness", 1),
        ("liveness", 1), ("tempo", 250),
    ];

    public float[] Values { get; }

    private AudioProfile(float[] values) => Values = values;

    /// <summary>A profile as saved (the engine's state snapshot).</summary>
    public static AudioProfile Of(float[] values) => new(values);

    /// <summary>The profile of a track's features; null when it has none of <see cref="Features"/>.</summary>
    public static AudioProfile? From(IReadOnlyDictionary<string, double>? features)
    {
        if (features is null || features.Count == 0) return null;
        var values = new float[Features.Length];
        var any = false;
        for (var i = 0; i < Features.Length; i++)
        {
            if (features.TryGetValue(Features[i].Name, out var v) && double.IsFinite(v))
            {
                values[i] = (float)Math.Clamp(v / Features[i].Scale, 0, 1);
                any = true;
            }
            else values[i] = float.NaN;
        }
        return any ? new AudioProfile(values) : null;
    }

    /// <summary>1 for the same sound, 0 for opposite ends on every feature both know; null when they share none.</summary>
    public float? Similarity(ReadOnlySpan<float> taste)
    {
        float sum = 0;
        var n = 0;
        for (var i = 0; i < Values.Length; i++)
        {
            if (float.IsNaN(Values[i]) || float.IsNaN(taste[i])) continue;
            sum += Math.Abs(Values[i] - taste[i]);
            n++;
        }
        return n == 0 ? null : 1 - sum / n;
    }
}

/// <summary>A listener's sound: the weighted mean of the profiles of what they played, per feature.</summary>
internal sealed class AudioTaste
{
    private readonly double[] _sums = new double[AudioProfile.Features.Length];
    private readonly double[] _weights = new double[AudioProfile.Features.Length];

    public void Add(AudioProfile profile, double weight)
    {
        if (weight <= 0) return;
        for (var i = 0; i < _sums.Length; i++)
        {
            if (float.IsNaN(profile.Values[i])) continue;
            _sums[i] += weight * profile.Values[i];
            _weights[i] += weight;
        }
    }

    public void Write(BinaryWriter w)
    {
        foreach (var v in _sums) w.Write(v);
        foreach (var v in _weights) w.Write(v);
    }

    public void Read(BinaryReader r)
    {
        for (var i = 0; i < _sums.Length; i++) _sums[i] = r.ReadDouble();
        for (var i = 0; i < _weights.Length; i++) _weights[i] = r.ReadDouble();
    }

    /// <summary>The mean per feature (NaN where nothing played had it); null before anything with features was played.</summary>
    public float[]? Mean()
    {
        if (_weights.All(w => w <= 0)) return null;
        return _sums.Select((s, i) => _weights[i] > 0 ? (float)(s / _weights[i]) : float.NaN).ToArray();
    }
}
