using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Hosting;

namespace Recommendations.Api;

/// <summary>The recommendations API's parameters, declared once for checking and for the OpenAPI document.</summary>
public static class RecommendationParameters
{
    public static readonly TextParameter UserId = new("user_id",
        "The listener to recommend for. Absent or unknown: popular tracks.");

    public static readonly IntegerParameter NumResults = new("num_results", "How many tracks to return.",
        1, RecommendationQuery.MaxNumResults, RecommendationQuery.DefaultNumResults);

    public static readonly BooleanParameter Explain = new("explain", "Add a reason to each item, in words a listener reads.", false);

    public static readonly BooleanParameter ExcludePlayed = new("exclude_played", "Leave out tracks the listener has played.", true);

    public static readonly BooleanParameter ExcludeSkipped = new("exclude_skipped", "Leave out tracks the listener has skipped.", false);

    public static readonly ListParameter Genres = new("genres", "Only tracks of at least one of these genres (comma-separated, case-insensitive).");

    public static readonly ListParameter ExcludeGenres = new("exclude_genres", "Leave out tracks of any of these genres (comma-separated, case-insensitive).");

    public static readonly ListParameter Artists = new("artists", "Only tracks by at least one of these artists, by name or id (comma-separated).");

    public static readonly ListParameter ExcludeArtists = new("exclude_artists", "Leave out tracks by any of these artists, by name or id (comma-separated).");

    public static readonly IdParameter User = new("id", "The listener's user id.");

    public static readonly IdParameter Track = new("id", "The track id.");

    public static readonly IntegerParameter HistoryLimit = new("limit", "How many of the newest tracks to return.", 1, UserProfile.RecentTrackLimit, 20);
}
