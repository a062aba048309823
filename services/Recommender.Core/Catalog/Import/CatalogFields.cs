using System.Globalization;
using Recommender.Core.Events;

namespace Recommender.Core.Catalog.Import;

/// <summary>Reads one field of a catalog row; a bad value names its column and what it should be.</summary>
internal static class CatalogFields
{
    /// <summary>The audio features of Spotify's tracks data set and Personalize ITEMS files, as the catalog names them.</summary>
    public static readonly string[] AudioFeatures =
    [
        "danceability", "energy", "key", "loudness", "mode", "speechiness", "acousticness", "instrumentalness", "liveness",
        "valence", "tempo", "time_signature",
    ];

    public static Dictionary<string, int> Index(string[] header) =>
        header.Select((name, i) => (name: name.Trim().ToLowerInvariant(), i)).Where(x => x.name.Length > 0)
            .GroupBy(x => x.name).ToDictionary(g => g.Key, g => g.First().i);

    public static int Require(Dictionary<string, int> index, string column, string layout) =>
        index.TryGetValue(column, out var i) ? i : throw new FormatException($"the {layout} header has no {column} column");

    public static string? Id(string value, string column, out string? error)
    {
        error = null;
        var id = value.Trim();
        if (id.Length is 0 or > EventContract.MaxIdLength || id.Any(char.IsControl))
            error = $"{column} must be 1 to {EventContract.MaxIdLength} characters without control characters; got \"{Shorten(value)}\"";
        return error is null ? id : null;
    }

    public static string? Text(string value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    public static bool Integer(string value, string column, long min, long max, out long? result, ref string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        // the data set writes some integers as 1.0
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && d == Math.Floor(d) && d >= min && d <= max)
        {
            result = (long)d;
            return true;
        }
        error ??= $"{column} must be a whole number from {min} to {max}; got \"{Shorten(value)}\"";
        return false;
    }

    public static bool Number(string value, string column, out double? result, ref string? error)
    {
        result = null;
        if (string.IsNullOrWhiteSpace(value)) return true;
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && double.IsFinite(d))
        {
            result = d;
            return true;
        }
        error ??= $"{column} must be a number; got \"{Shorten(value)}\"";
        return false;
    }

    public static bool Boolean(string value, string column, out bool? result, ref string? error)
    {
        result = value.Trim().ToLowerInvariant() switch
        {
            "" => null,
            "true" or "1" => true,
            "false" or "0" => false,
            _ => null,
        };
        if (result is not null || string.IsNullOrWhiteSpace(value)) return true;
        error ??= $"{column} must be True or False; got \"{Shorten(value)}\"";
        return false;
    }

    public static IReadOnlyList<string> List(string value, char separator) =>
        value.Split(separator, StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Distinct(StringComparer.OrdinalIgnoreCase).ToList();

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
