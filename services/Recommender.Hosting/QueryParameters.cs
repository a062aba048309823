using System.Globalization;
using Microsoft.AspNetCore.Http;
using Recommender.Core.Events;

namespace Recommender.Hosting;

/// <summary>
/// Reads request parameters by their <see cref="ApiParameter"/> declarations and collects one error per bad parameter, so a
/// request gets a 400 naming every parameter at fault instead of the framework's unnamed binding failure.
/// </summary>
public sealed class QueryParameters(IQueryCollection query)
{
    private readonly List<FieldError> _errors = [];

    public IReadOnlyList<FieldError> Errors => _errors;
    public bool IsValid => _errors.Count == 0;

    public string? Text(TextParameter parameter)
    {
        var value = Single(parameter.Name);
        if (value is null)
        {
            if (parameter.Required) Error(parameter.Name, "is required");
            return null;
        }
        return IsText(value, parameter.MaxLength) ? value : Invalid(parameter.Name, $"must be 1 to {parameter.MaxLength} characters without control characters");
    }

    /// <summary>A route value: checked like a query text, named in the errors the same way.</summary>
    public string Id(IdParameter parameter, string value)
    {
        if (!IsText(value, ApiParameter.MaxIdLength))
            Error(parameter.Name, $"must be 1 to {ApiParameter.MaxIdLength} characters without control characters");
        return value;
    }

    public int Integer(IntegerParameter parameter)
    {
        var value = Single(parameter.Name);
        if (value is null) return parameter.Default;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= parameter.Min && n <= parameter.Max) return n;
        Error(parameter.Name, $"must be an integer from {parameter.Min} to {parameter.Max}; got \"{Shorten(value)}\"");
        return parameter.Default;
    }

    public bool Boolean(BooleanParameter parameter)
    {
        var value = Single(parameter.Name);
        if (value is null) return parameter.Default;
        if (bool.TryParse(value, out var b)) return b;
        Error(parameter.Name, $"must be true or false; got \"{Shorten(value)}\"");
        return parameter.Default;
    }

    /// <summary>A calendar date written YYYY-MM-DD; <paramref name="defaultValue"/> when absent.</summary>
    public DateOnly Date(DateParameter parameter, DateOnly defaultValue)
    {
        var value = Single(parameter.Name);
        if (value is null) return defaultValue;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)) return day;
        Error(parameter.Name, $"must be a date written YYYY-MM-DD; got \"{Shorten(value)}\"");
        return defaultValue;
    }

    public IReadOnlyList<string> List(ListParameter parameter)
    {
        if (!query.TryGetValue(parameter.Name, out var values)) return [];
        var items = values.SelectMany(v => (v ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)).ToList();
        if (items.Count > parameter.MaxItems) Error(parameter.Name, $"has {items.Count} entries; the limit is {parameter.MaxItems}");
        else if (items.Any(i => !IsText(i, ApiParameter.MaxIdLength))) Error(parameter.Name, $"entries must be at most {ApiParameter.MaxIdLength} characters without control characters");
        else return items;
        return [];
    }

    public void Error(string name, string message) => _errors.Add(new FieldError(null, name, message));

    public static bool IsText(string? value, int maxLength = ApiParameter.MaxIdLength) =>
        !string.IsNullOrWhiteSpace(value) && value.Length <= maxLength && !value.Any(char.IsControl);

    private string? Invalid(string name, string message)
    {
        Error(name, message);
        return null;
    }

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
