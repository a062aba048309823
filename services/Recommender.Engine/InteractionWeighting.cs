using Recommender.Core.Events;

namespace Recommender.Engine;

/// <summary>Turns one event into a signed confidence: completes count up (more when more was played), skips down, older events less.</summary>
public sealed class InteractionWeighting
{
    public double Complete { get; set; } = 1.0;
    public double CompleteFractionBonus { get; set; } = 1.0;
    public double Play { get; set; } = 0.5;
    public double Skip { get; set; } = -0.5;
    public double Like { get; set; } = 3.0;
    public double Dislike { get; set; } = -3.0;

    /// <summary>Age at which an interaction counts half; null disables decay.</summary>
    public TimeSpan? HalfLife { get; set; } = TimeSpan.FromDays(90);

    /// <summary>Confidence of an event before time decay. <paramref name="value"/> is the fraction played (EVENT_VALUE) or, for weighted data sets, a strength.</summary>
    public double Weigh(string eventType, double? value) => eventType switch
    {
        EventTypes.Complete => Complete + CompleteFractionBonus * Math.Clamp(value ?? 1.0, 0, 1),
        EventTypes.Play => Play + CompleteFractionBonus * Math.Clamp(value ?? 0.0, 0, 1) * 0.5,
        // a skip late in the track is a milder "no" than one in the first seconds
        EventTypes.Skip => Skip * (1 - Math.Clamp(value ?? 0.0, 0, 1)),
        EventTypes.Like => Like,
        EventTypes.Dislike => Dislike,
        // an unknown type (e.g. a data set's own) counts as a listen of the given strength
        _ => value is { } v && v > 0 ? v : Play,
    };

    /// <summary>Decay factor for an event of age <paramref name="age"/>.</summary>
    public double Decay(TimeSpan age) =>
        HalfLife is { } h && age > TimeSpan.Zero ? Math.Pow(0.5, age / h) : 1.0;
}
