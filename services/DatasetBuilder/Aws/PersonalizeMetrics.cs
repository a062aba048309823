using System.Text.RegularExpressions;

namespace DatasetBuilder.Aws;

/// <summary>Personalize's metric names (GetSolutionMetrics) in the engine's spelling, so both modes are recorded and gated alike.</summary>
public static partial class PersonalizeMetrics
{
    public static Dictionary<string, double> ToEngineNames(IReadOnlyDictionary<string, double> metrics)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, value) in metrics) result[Rename(name)] = value;
        return result;
    }

    public static string Rename(string name)
    {
        var m = AtK().Match(name);
        if (!m.Success) return name;
        var k = m.Groups["k"].Value;
        return m.Groups["metric"].Value switch
        {
            "normalized_discounted_cumulative_gain" => $"ndcg@{k}",
            "precision" => $"precision@{k}",
            "mean_reciprocal_rank" => $"mrr@{k}",
            _ => name,
        };
    }

    [GeneratedRegex("^(?<metric>[a-z_]+)_at_(?<k>[0-9]+)$")]
    private static partial Regex AtK();
}
