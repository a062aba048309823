using Recommender.Engine.Training;

namespace Recommender.Engine.Evaluation;

public enum Protocol
{
    /// <summary>Each user's interactions split 8:1:1 at random; full ranking over all items, seen ones excluded (RecBole).</summary>
    RandomSplit811,
    /// <summary>Personalize's: 90% of users train; for the rest the oldest 90% of events are input and the newest 10% truth.</summary>
    Personalize,
}

/// <summary>Which held-out part of the random split is the truth; validation is for choosing settings without looking at the test part.</summary>
public enum HeldOut { Test, Validation }

public sealed record EvaluationResult(
    Protocol Protocol,
    string Algorithm,
    IReadOnlyDictionary<string, double> Metrics,
    double TrainSeconds,
    int TrainInteractions,
    int EvaluatedUsers,
    int Items,
    TrainingRecord? Training = null);
