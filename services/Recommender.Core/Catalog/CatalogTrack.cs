using Recommender.Core.Events;

namespace Recommender.Core.Catalog;

/// <summary>Where a catalog entry came from: a <c>catalog import</c> (authoritative) or the metadata events carried.</summary>
public static class CatalogSources
{
    public const string Import = "import";
    public const string Events = "events";
}

/// <summary>
/// One track of the catalog: what a client shows (name, artists, album) and what cold start reads (artists, genres, audio
/// features). Empty lists and maps mean "not known", like absent values.
/// </summary>
public sealed record CatalogTrack
{
    public required string TrackId { get; init; }
    public string? Name { get; init; }
    public IReadOnlyList<ArtistRef> Artists { get; init; } = [];
    public string? Album { get; init; }
    public IReadOnlyList<string> Genres { get; init; } = [];
    public int? ReleaseYear { get; init; }
    public long? DurationMs { get; init; }
    /// <summary>0-100, as the Spotify tracks data set gives it.</summary>
    public int? Popularity { get; init; }
    public bool? Explicit { get; init; }
    /// <summary>Spotify's audio features (danceability, energy, valence, tempo, ...), by name.</summary>
    public IReadOnlyDictionary<string, double> AudioFeatures { get; init; } = Empty;
    public string Source { get; init; } = CatalogSources.Events;
    /// <summary>When the catalog first held this track; kept by the store across re-imports.</summary>
    public DateTimeOffset? AddedAt { get; init; }

    private static readonly IReadOnlyDictionary<string, double> Empty = new Dictionary<string, double>();

    /// <summary>The artist names (else ids) profiles and filters count by.</summary>
    public IReadOnlyList<string> ArtistKeys => Artists.Select(a => a.Key).OfType<string>().ToList();

    /// <summary>
    /// This entry with each empty field taken from <paramref name="other"/>; a value already here is never replaced.
    /// The rule every store applies when events teach it about a track.
    /// </summary>
    public CatalogTrack FillGapsFrom(CatalogTrack other) => this with
    {
        Name = Name ?? other.Name,
        Artists = Artists.Count > 0 ? Artists : other.Artists,
        Album = Album ?? other.Album,
        Genres = Genres.Count > 0 ? Genres : other.Genres,
        ReleaseYear = ReleaseYear ?? other.ReleaseYear,
        DurationMs = DurationMs ?? other.DurationMs,
        Popularity = Popularity ?? other.Popularity,
        Explicit = Explicit ?? other.Explicit,
        AudioFeatures = AudioFeatures.Count > 0 ? AudioFeatures : other.AudioFeatures,
    };

    /// <summary>Whether <see cref="FillGapsFrom"/> would change anything.</summary>
    public bool HasGapsFilledBy(CatalogTrack other) =>
        (Name is null && other.Name is not null) || (Artists.Count == 0 && other.Artists.Count > 0) || (Album is null && other.Album is not null)
        || (Genres.Count == 0 && other.Genres.Count > 0) || (ReleaseYear is null && other.ReleaseYear is not null)
        || (DurationMs is null && other.DurationMs is not null) || (Popularity is null && other.Popularity is not null)
        || (Explicit is null && other.Explicit is not null) || (AudioFeatures.Count == 0 && other.AudioFeatures.Count > 0);

    /// <summary>What an event carried about its track, as a catalog entry; null when it carried nothing.</summary>
    public static CatalogTrack? FromEvent(PlaybackEvent e)
    {
        if (e.Track is not { } t) return null;
        var entry = new CatalogTrack
        {
            TrackId = e.TrackId,
            Name = Blank(t.Name),
            Artists = t.Artists?.Where(a => a.Key is not null).ToList() ?? [],
            Album = Blank(t.Album),
            Genres = t.Genres?.Where(g => !string.IsNullOrWhiteSpace(g)).ToList() ?? [],
            ReleaseYear = t.ReleaseYear,
            DurationMs = e.TrackDurationMs,
            AudioFeatures = t.AudioFeatures is { Count: > 0 } features ? features : Empty,
            Source = CatalogSources.Events,
        };
        return new CatalogTrack { TrackId = e.TrackId }.HasGapsFilledBy(entry) ? entry : null;
    }

    /// <summary>The entry as event metadata, for events that carried only ids.</summary>
    public TrackMetadata ToMetadata() => new()
    {
        Name = Name,
        Artists = Artists.Count > 0 ? Artists : null,
        Album = Album,
        Genres = Genres.Count > 0 ? Genres : null,
        ReleaseYear = ReleaseYear,
        AudioFeatures = AudioFeatures.Count > 0 ? AudioFeatures : null,
    };

    private static string? Blank(string? s) => string.IsNullOrWhiteSpace(s) ? null : s;
}
