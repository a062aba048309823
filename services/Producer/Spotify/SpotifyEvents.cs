using System.Security.Cryptography;
using System.Text;
using Recommender.Core.Events;

namespace Producer.Spotify;

/// <summary>
/// Contract-v1 events from what Spotify showed. The id is derived from user, track and the end of the play (what
/// recently-played calls played_at), so every reading of the same play, polled or backfilled, local or hosted,
/// gets the same id from the same end time.
/// </summary>
public static class SpotifyEvents
{
    public static string EventId(string userId, string trackId, DateTimeOffset endedAt)
    {
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{userId}\n{trackId}\n{endedAt.ToUnixTimeMilliseconds()}"));
        return "sp-" + Convert.ToHexStringLower(hash, 0, 20);
    }

    public static PlaybackEvent FromPlay(FinishedPlay play, string userId, IReadOnlyList<string>? genres) => new()
    {
        EventId = EventId(userId, play.Track.Id!, play.EndedAt),
        UserId = userId,
        TrackId = play.Track.Id!,
        EventType = play.EventType,
        OccurredAt = play.StartedAt,
        MsPlayed = play.MsPlayed,
        TrackDurationMs = play.Track.DurationMs > 0 ? play.Track.DurationMs : null,
        SessionId = play.SessionId,
        Context = play.Context,
        Track = Metadata(play.Track, genres),
    };

    /// <summary>Spotify lists a play in recently-played only after more than 30 s, so a backfilled play is a complete; how long is unknown.</summary>
    public static PlaybackEvent FromHistory(PlayHistoryItem item, string userId, IReadOnlyList<string>? genres) => new()
    {
        EventId = EventId(userId, item.Track.Id!, item.PlayedAt),
        UserId = userId,
        TrackId = item.Track.Id!,
        EventType = EventTypes.Complete,
        OccurredAt = item.PlayedAt.ToUniversalTime(),
        TrackDurationMs = item.Track.DurationMs > 0 ? item.Track.DurationMs : null,
        Context = ToContext(item.Context),
        Track = Metadata(item.Track, genres),
    };

    public static PlaybackContext? ToContext(SpotifyContext? context) =>
        context is null || (context.Type is null && context.Uri is null) ? null : new PlaybackContext { Type = context.Type, Uri = context.Uri };

    private static TrackMetadata Metadata(SpotifyItem track, IReadOnlyList<string>? genres) => new()
    {
        Name = Text(track.Name),
        Album = Text(track.Album?.Name),
        Artists = track.Artists?.Where(a => !string.IsNullOrWhiteSpace(a.Id) || !string.IsNullOrWhiteSpace(a.Name))
            .Take(EventContract.MaxListLength)
            .Select(a => new ArtistRef { Id = Text(a.Id), Name = Text(a.Name) }).ToList(),
        Genres = genres is { Count: > 0 } ? genres.Take(EventContract.MaxListLength).ToList() : null,
        ReleaseYear = track.Album?.ReleaseDate is { Length: >= 4 } date && int.TryParse(date.AsSpan(0, 4), out var year) && year is >= 1000 and <= 3000 ? year : null,
    };

    /// <summary>The contract refuses empty or control-character text; such a name is dropped rather than the event.</summary>
    private static string? Text(string? s) =>
        string.IsNullOrWhiteSpace(s) || s.Any(char.IsControl) ? null : s.Length > EventContract.MaxTextLength ? s[..EventContract.MaxTextLength] : s;
}
