using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace Recommender.Hosting;

/// <summary>
/// Reads query parameters and collects one error per bad parameter, so a request gets a 400 naming
/// every parameter at fault instead of the framework's unnamed binding failure.
/// </summary>
public sealed class QueryParameters(IQueryCollection query)
{
    private readonly List<Problems.ParameterError> _errors = [];

    public IReadOnlyList<Problems.ParameterError> Errors => _errors;
    public bool IsValid => _errors.Count == 0;

    public string? Text(string name, int maxLength = 256)
    {
        var value = Single(name);
        if (value is null) return null;
        if (value.Length == 0 || value.Length > maxLength || value.Any(char.IsControl))
        {
            Error(name, $"must be 1 to {maxLength} characters without control characters");
            return null;
        }
        return value;
    }

    public int Integer(string name, int defaultValue, int min, int max)
    {
        var value = Single(name);
        if (value is null) return defaultValue;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max) return n;
        Error(name, $"must be an integer from {min} to {max}; got \"{Shorten(value)}\"");
        return defaultValue;
    }

    public bool Boolean(string name, bool defaultValue)
    {
        var value = Single(name);
        if (value is null) return defaultValue;
        if (bool.TryParse(value, out var b)) return b;
        Error(name, $"must be true or false; got \"{Shorten(value)}\"");
        return defaultValue;
    }

    /// <summary>A calendar date written YYYY-MM-DD.</summary>
    public DateOnly Date(string name, DateOnly defaultValue)
    {
        var value = Single(name);
        if (value is null) return defaultValue;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        Error(name, $"must be a date written YYYY-MM-DD; got \"{Shorten(value)}\"");
        return defaultValue;
    }

    /// <summary>A comma-separated list (also accepted as repeated parameters), blanks dropped.</summary>
    public IReadOnlyList<string> List(string name, int maxItems = 50)
    {
        if (!query.TryGetValue(name, out var values)) return [];
        var items = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (items.Count > maxItems) Error(name, $"has {items.Count} entries; the limit is {maxItems}");
        else if (items.Any(i => i.Length > 256 || i.Any(char.IsControl))) Error(name, "entries must be at most 256 characters without control characters");
        else return items;
        return [];
    }

    public void Error(string name, string message) => _errors.Add(new Problems.ParameterError(name, message));

    private string? Single(string name)
    {
        if (!query.TryGetValue(name, out var values)) return null;
        if (values.Count > 1)
        {
            Error(name, "must be given once");
            return null;
        }
        return values[0];
    }

    private static string Shorten(string s) => s.Length <= 40 ? s : s[..40] + "…";
}
