namespace DatasetBuilder.Staging;

/// <summary>How track metadata becomes Personalize categorical values.</summary>
public static class ItemValues
{
    /// <summary>Personalize's limit on one categorical value, in characters.</summary>
    public const int MaxCategoricalLength = 1000;

    /// <summary>Genres pipe-separated (Personalize's multi-value separator), a '|' inside a name replaced, and cut at whole genres to stay within the categorical limit.</summary>
    public static string? Genres(IReadOnlyList<string>? genres)
    {
        if (genres is null || genres.Count == 0) return null;
        var joined = "";
        foreach (var g in genres.Select(g => g.Replace('|', '/').Trim()).Where(g => g.Length > 0).Distinct(StringComparer.Ordinal))
        {
            var next = joined.Length == 0 ? g : joined + "|" + g;
            if (next.Length > MaxCategoricalLength) break;
            joined = next;
        }
        return joined.Length == 0 ? null : joined;
    }
}
