using Recommender.Core.Events;
using Recommender.Core.Recommendations;

namespace Recommender.Adapters.Aws.Personalize;

/// <summary>
/// How our recommendation filters map onto one Personalize filter. Personalize takes one filter a
/// request; this expression has only EXCLUDE parts, so any of its parameters may be left out. Create it
/// with <see cref="PersonalizeControlPlane.CreateFilterAsync"/> and set its ARN as Aws:Personalize:FilterArn.
/// Include-genre and include-artist filters have no EXCLUDE form and are not applied on Personalize.
/// </summary>
public static class PersonalizeFilters
{
    public const string ExcludeExpression =
        "EXCLUDE ItemID WHERE Interactions.EVENT_TYPE IN ($EXCLUDED_EVENT_TYPES) | " +
        "EXCLUDE ItemID WHERE Items.GENRES IN ($EXCLUDED_GENRES) | " +
        "EXCLUDE ItemID WHERE Items.ARTIST IN ($EXCLUDED_ARTISTS)";

    /// <summary>filterValues for the expression: each value a comma-separated list of double-quoted strings, as Personalize expects.</summary>
    internal static Dictionary<string, string>? Values(RecommendationFilters filters)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var eventTypes = filters.ExcludePlayed ? [EventTypes.Play, EventTypes.Complete, EventTypes.Skip]
            : filters.ExcludeSkipped ? new[] { EventTypes.Skip } : [];
        if (eventTypes.Length > 0) values["EXCLUDED_EVENT_TYPES"] = Quoted(eventTypes);
        if (filters.ExcludeGenres.Count > 0) values["EXCLUDED_GENRES"] = Quoted(filters.ExcludeGenres);
        if (filters.ExcludeArtists.Count > 0) values["EXCLUDED_ARTISTS"] = Quoted(filters.ExcludeArtists);
        return values.Count == 0 ? null : values;
    }

    private static string Quoted(IEnumerable<string> values) =>
        string.Join(',', values.Select(v => $"\"{v.Replace("\"", "", StringComparison.Ordinal)}\""));
}
