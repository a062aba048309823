using Recommender.Core.Events;
using Recommender.Core.Recommendations;

namespace Recommender.Adapters.Aws.Personalize;

/// <summary>
/// How our recommendation filters map onto Personalize filters. Personalize takes one filter a request, and an INCLUDE part
/// needs a value for each of its parameters while an EXCLUDE part whose parameters are left out is not applied; so the
/// exclusions are one filter (Aws:Personalize:FilterArn, EXCLUDE parts only) and each combination of includes is a filter of
/// its own, named after it ("{filter}-genres", "-artists", "-genres-artists"), with the same EXCLUDE parts after an INCLUDE
/// part (Personalize intersects them). The dataset builder creates all four (<see cref="All"/>).
/// </summary>
public static class PersonalizeFilters
{
    private const string ExcludeParts =
        "EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ($EXCLUDED_EVENT_TYPES) | " +
        "EXCLUDE ItemID WHERE Items.GENRES IN ($EXCLUDED_GENRES) | " +
        "EXCLUDE ItemID WHERE Items.ARTIST IN ($EXCLUDED_ARTISTS)";

    public const string ExcludeExpression = ExcludeParts;

    // both includes hold together, as the embedded engine applies them
    public const string IncludeGenresExpression = "INCLUDE ItemID WHERE Items.GENRES IN ($GENRES) | " + ExcludeParts;
    public const string IncludeArtistsExpression = "INCLUDE ItemID WHERE Items.ARTIST IN ($ARTISTS) | " + ExcludeParts;
    public const string IncludeGenresAndArtistsExpression = "INCLUDE ItemID WHERE Items.GENRES IN ($GENRES) AND Items.ARTIST IN ($ARTISTS) | " + ExcludeParts;

    /// <summary>Every filter the recommender may name, by its ARN, derived from the exclusions filter's ARN.</summary>
    public static IReadOnlyList<(string Arn, string Expression)> All(string filterArn) =>
    [
        (filterArn, ExcludeExpression),
        (filterArn + "-genres", IncludeGenresExpression),
        (filterArn + "-artists", IncludeArtistsExpression),
        (filterArn + "-genres-artists", IncludeGenresAndArtistsExpression),
    ];

    /// <summary>The filter a query needs: the exclusions filter, or the one of its includes.</summary>
    internal static string ArnFor(string filterArn, RecommendationFilters filters) =>
        (filters.IncludeGenres.Count > 0, filters.IncludeArtists.Count > 0) switch
        {
            (true, true) => filterArn + "-genres-artists",
            (true, false) => filterArn + "-genres",
            (false, true) => filterArn + "-artists",
            _ => filterArn,
        };

    /// <summary>filterValues for the query's filter: each value a comma-separated list of double-quoted strings, as Personalize expects.</summary>
    internal static Dictionary<string, string>? Values(RecommendationFilters filters)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var eventTypes = filters.ExcludePlayed ? [EventTypes.Play, EventTypes.Complete, EventTypes.Skip]
            : filters.ExcludeSkipped ? new[] { EventTypes.Skip } : [];
        if (eventTypes.Length > 0) values["EXCLUDED_EVENT_TYPES"] = Quoted(eventTypes);
        if (filters.ExcludeGenres.Count > 0) values["EXCLUDED_GENRES"] = Quoted(filters.ExcludeGenres);
        if (filters.ExcludeArtists.Count > 0) values["EXCLUDED_ARTISTS"] = Quoted(filters.ExcludeArtists);
        if (filters.IncludeGenres.Count > 0) values["GENRES"] = Quoted(filters.IncludeGenres);
        if (filters.IncludeArtists.Count > 0) values["ARTISTS"] = Quoted(filters.IncludeArtists);
        return values.Count == 0 ? null : values;
    }

    private static string Quoted(IEnumerable<string> values) =>
        string.Join(',', values.Select(v => $"\"{v.Replace("\"", "", StringComparison.Ordinal)}\""));
}
