namespace Recommender.Core.Recommendations;

/// <summary>Serving side of the recommender: the embedded engine on one machine, Personalize on AWS.</summary>
public interface IRecommender
{
    /// <summary>Top-N tracks for a user; an unknown or absent user gets popular (trending) tracks.</summary>
    Task<RecommendationList> RecommendAsync(RecommendationQuery query, CancellationToken cancellationToken);

    /// <summary>Tracks related to one track (Personalize SIMS), with a reason each when <paramref name="explain"/>; null when the track is unknown.</summary>
    Task<RecommendationList?> RelatedAsync(string trackId, int numResults, bool explain, CancellationToken cancellationToken);

    /// <summary>Re-ranks the given tracks for the user (Personalize GetPersonalizedRanking).</summary>
    Task<RecommendationList> RankAsync(string userId, IReadOnlyList<string> trackIds, CancellationToken cancellationToken);
}

/// <summary>
/// The hot path's sink: feeds events to the recommender in real time (Personalize PutEvents). When only some events fail
/// for good, it sends the rest and throws <see cref="EventsRefusedException"/> naming the refused ones.
/// </summary>
public interface IInteractionTracker
{
    Task TrackAsync(IReadOnlyList<Events.PlaybackEvent> events, CancellationToken cancellationToken);
}

public sealed record RecommendationQuery
{
    public const int DefaultNumResults = 25;
    public const int MaxNumResults = 500;

    public string? UserId { get; init; }
    public int NumResults { get; init; } = DefaultNumResults;
    public RecommendationFilters Filters { get; init; } = new();
    public bool Explain { get; init; }
}

public sealed record RecommendationFilters
{
    public bool ExcludePlayed { get; init; } = true;
    public bool ExcludeSkipped { get; init; }
    public IReadOnlyList<string> IncludeGenres { get; init; } = [];
    public IReadOnlyList<string> ExcludeGenres { get; init; } = [];
    public IReadOnlyList<string> IncludeArtists { get; init; } = [];
    public IReadOnlyList<string> ExcludeArtists { get; init; } = [];
}

public sealed record RecommendedItem(string TrackId, double Score, string? Reason = null);

public sealed record RecommendationList(string RecommendationId, IReadOnlyList<RecommendedItem> Items)
{
    public static string NewId() => $"rec-{Guid.CreateVersion7():N}";
}
