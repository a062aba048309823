using Recommender.Core.Events;

namespace Recommender.Core.Catalog.Import;

/// <summary>
/// The Spotify tracks data set: an unnamed index column, then track_id, artists (';'-separated names), album_name,
/// track_name, popularity, duration_ms, explicit, the audio features and track_genre. A track filed under several
/// genres is on several rows; <see cref="CatalogCsv"/> merges them.
/// </summary>
internal sealed class SpotifyTracksLayout : ICatalogCsvLayout
{
    private const string Name = "Spotify tracks";
    private readonly int _id, _artists, _album, _name, _popularity, _duration, _explicit, _genre;
    private readonly (string Name, int Column)[] _features;

    public SpotifyTracksLayout(string[] header)
    {
        var index = CatalogFields.Index(header);
        _id = CatalogFields.Require(index, "track_id", Name);
        _artists = CatalogFields.Require(index, "artists", Name);
        _album = CatalogFields.Require(index, "album_name", Name);
        _name = CatalogFields.Require(index, "track_name", Name);
        _popularity = CatalogFields.Require(index, "popularity", Name);
        _duration = CatalogFields.Require(index, "duration_ms", Name);
        _explicit = CatalogFields.Require(index, "explicit", Name);
        _genre = CatalogFields.Require(index, "track_genre", Name);
        _features = CatalogFields.AudioFeatures.Select(f => (f, CatalogFields.Require(index, f, Name))).ToArray();
    }

    public static bool Matches(string[] header)
    {
        var index = CatalogFields.Index(header);
        return index.ContainsKey("track_id") && index.ContainsKey("track_genre");
    }

    public CatalogCsvFormat Format => CatalogCsvFormat.SpotifyTracks;

    public (CatalogTrack? Track, string? Error) Parse(string[] fields)
    {
        var id = CatalogFields.Id(fields[_id], "track_id", out var error);
        if (id is null) return (null, error);
        CatalogFields.Integer(fields[_popularity], "popularity", 0, 100, out var popularity, ref error);
        CatalogFields.Integer(fields[_duration], "duration_ms", 0, long.MaxValue, out var duration, ref error);
        CatalogFields.Boolean(fields[_explicit], "explicit", out var isExplicit, ref error);
        var features = new Dictionary<string, double>(_features.Length, StringComparer.Ordinal);
        foreach (var (feature, column) in _features)
            if (CatalogFields.Number(fields[column], feature, out var value, ref error) && value is { } v) features[feature] = v;
        if (error is not null) return (null, error);
        return (new CatalogTrack
        {
            TrackId = id,
            Name = CatalogFields.Text(fields[_name]),
            Artists = CatalogFields.List(fields[_artists], ';').Select(a => new ArtistRef { Name = a }).ToList(),
            Album = CatalogFields.Text(fields[_album]),
            Genres = CatalogFields.List(fields[_genre], ';'),
            Popularity = (int?)popularity,
            DurationMs = duration,
            Explicit = isExplicit,
            AudioFeatures = features,
            Source = CatalogSources.Import,
        }, null);
    }
}
