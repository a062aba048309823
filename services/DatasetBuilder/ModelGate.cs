using System.Globalization;

namespace DatasetBuilder;

/// <summary>The one keep-or-discard rule of both modes: a new model serves unless its metric is worse than the serving one's by more than the tolerance (a fraction of it).</summary>
public static class ModelGate
{
    public static (bool Keep, string Reason) Decide(IReadOnlyDictionary<string, double> candidate, IReadOnlyDictionary<string, double> serving, string metric, double tolerance)
    {
        if (!candidate.TryGetValue(metric, out var next))
            return (false, $"the new model has no {metric}; keeping the serving one");
        if (!serving.TryGetValue(metric, out var current))
            return (true, $"nothing with a {metric} is serving; the new model ({metric} {F(next)}) serves");
        var floor = current * (1 - tolerance);
        return next >= floor
            ? (true, $"{metric} {F(next)} vs serving {F(current)}: within {tolerance:P0} tolerance (floor {F(floor)}); the new model serves")
            : (false, $"{metric} {F(next)} vs serving {F(current)}: worse than the {tolerance:P0} tolerance allows (floor {F(floor)}); the serving model stays");
    }

    private static string F(double v) => v.ToString("0.####", CultureInfo.InvariantCulture);
}
