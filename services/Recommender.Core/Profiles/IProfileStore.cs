using Recommender.Core.Events;

namespace Recommender.Core.Profiles;

/// <summary>Per-user profiles: SQLite on one machine, DynamoDB on AWS.</summary>
public interface IProfileStore
{
    /// <summary>
    /// Applies a batch of events with <see cref="ProfileAggregator"/>, each (user_id, event_id) at most once within the de-duplication window,
    /// atomically per user. Returns how many events were new.
    /// </summary>
    Task<int> ApplyAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken);

    Task<UserProfile?> GetAsync(string userId, CancellationToken cancellationToken);
}
