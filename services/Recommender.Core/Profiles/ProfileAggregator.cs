using Recommender.Core.Events;

namespace Recommender.Core.Profiles;

/// <summary>
/// Folds one event into a profile. Pure: the stores decide idempotency (a (user_id, event_id) is applied once),
/// this only does the arithmetic, so the SQLite and DynamoDB stores count the same way.
/// </summary>
public static class ProfileAggregator
{
    public static UserProfile Apply(UserProfile profile, PlaybackEvent e)
    {
        if (!string.Equals(profile.UserId, e.UserId, StringComparison.Ordinal))
            throw new ArgumentException($"event {e.EventId} belongs to user {e.UserId}, not {profile.UserId}", nameof(e));

        switch (e.EventType)
        {
            case EventTypes.Complete: profile.Completes++; break;
            case EventTypes.Skip: profile.Skips++; break;
            case EventTypes.Like: profile.Likes++; break;
            case EventTypes.Dislike: profile.Dislikes++; break;
        }
        if (EventTypes.IsListen(e.EventType))
        {
            profile.Plays++;
            profile.ListeningMs += e.MsPlayed ?? 0;
            profile.HourHistogram[e.OccurredAt.UtcDateTime.Hour]++;
            foreach (var artist in e.Track?.Artists ?? [])
                if (artist.Key is { } key) Increment(profile.ArtistCounts, key);
            foreach (var genre in e.Track?.Genres ?? [])
                Increment(profile.GenreCounts, genre);
            AddRecent(profile.RecentTracks, new RecentTrack(e.TrackId, e.EventType, e.OccurredAt, e.MsPlayed, e.EventId));
        }
        if (profile.FirstSeen is null || e.OccurredAt < profile.FirstSeen) profile.FirstSeen = e.OccurredAt;
        if (profile.LastSeen is null || e.OccurredAt > profile.LastSeen) profile.LastSeen = e.OccurredAt;
        profile.Version++;
        return profile;
    }

    private static void Increment(Dictionary<string, long> counts, string key) =>
        counts[key] = counts.GetValueOrDefault(key) + 1;

    /// <summary>
    /// Keeps the newest tracks first even when events arrive out of order; events of the same instant in event_id order,
    /// so every arrival order of the same events gives the same list.
    /// </summary>
    private static void AddRecent(List<RecentTrack> recent, RecentTrack track)
    {
        var at = recent.FindIndex(r => r.OccurredAt < track.OccurredAt
                                       || (r.OccurredAt == track.OccurredAt && string.CompareOrdinal(r.EventId, track.EventId) < 0));
        if (at < 0) at = recent.Count;
        if (at >= UserProfile.RecentTrackLimit) return;
        recent.Insert(at, track);
        if (recent.Count > UserProfile.RecentTrackLimit) recent.RemoveAt(recent.Count - 1);
    }
}
