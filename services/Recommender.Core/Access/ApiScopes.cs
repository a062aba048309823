namespace Recommender.Core.Access;

/// <summary>What an API key may do: post events, read recommendations and profiles, or run the platform's admin endpoints.</summary>
public static class ApiScopes
{
    public const string Ingest = "ingest";
    public const string Read = "read";
    public const string Admin = "admin";

    public static readonly IReadOnlyList<string> All = [Ingest, Read, Admin];

    /// <summary>A comma-separated list such as "ingest,read" as a set; throws naming the unknown scope.</summary>
    public static IReadOnlySet<string> Parse(string text)
    {
        var scopes = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var part in text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var scope = part.ToLowerInvariant();
            if (!All.Contains(scope)) throw new FormatException($"unknown scope \"{part}\"; scopes are {string.Join(", ", All)}");
            scopes.Add(scope);
        }
        if (scopes.Count == 0) throw new FormatException($"name at least one scope of {string.Join(", ", All)}");
        return scopes;
    }

    public static string Format(IEnumerable<string> scopes) => string.Join(',', scopes.Order(StringComparer.Ordinal));
}
