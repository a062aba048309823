using Recommender.Core.Profiles;

namespace DatasetBuilder.Csv;

/// <summary>A listener's categorical USERS features: taste from the profile store, bands coarse enough to generalise across users.</summary>
public static class UserFeatures
{
    public static string SkipRateBand(double skipRate) => skipRate switch
    {
        < 0.2 => "low",
        < 0.5 => "medium",
        _ => "high",
    };

    public static string ListeningTimeBand(long listeningMs) => TimeSpan.FromMilliseconds(listeningMs).TotalHours switch
    {
        < 1 => "under_1h",
        < 10 => "1h_to_10h",
        < 100 => "10h_to_100h",
        _ => "over_100h",
    };

    public static string? TopGenre(UserProfile? profile) => profile?.TopGenres(1).Select(p => p.Key).FirstOrDefault();

    public static string? TopArtist(UserProfile? profile) => profile?.TopArtists(1).Select(p => p.Key).FirstOrDefault();
}
