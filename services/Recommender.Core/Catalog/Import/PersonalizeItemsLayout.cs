using Recommender.Core.Events;

namespace Recommender.Core.Catalog.Import;

/// <summary>
/// An Amazon Personalize ITEMS file (datasets/schemas/items.json): ITEM_ID, ARTIST and GENRES ('|' separates the values
/// of a categorical field), CREATION_TIMESTAMP, RELEASE_YEAR and audio features; other columns are ignored, and a NAME
/// column, when there is one, names the track.
/// </summary>
internal sealed class PersonalizeItemsLayout : ICatalogCsvLayout
{
    private const string Name = "Personalize ITEMS";
    private readonly int _id, _artist, _genres, _year, _created, _name;
    private readonly (string Name, int Column)[] _features;

    public PersonalizeItemsLayout(string[] header)
    {
        var index = CatalogFields.Index(header);
        _id = CatalogFields.Require(index, "item_id", Name);
        _artist = index.GetValueOrDefault("artist", index.GetValueOrDefault("artists", -1));
        _genres = index.GetValueOrDefault("genres", index.GetValueOrDefault("genre", -1));
        _year = index.GetValueOrDefault("release_year", -1);
        _created = index.GetValueOrDefault("creation_timestamp", -1);
        _name = index.GetValueOrDefault("name", index.GetValueOrDefault("track_name", -1));
        _features = CatalogFields.AudioFeatures.Where(index.ContainsKey).Select(f => (f, index[f])).ToArray();
    }

    public static bool Matches(string[] header) => CatalogFields.Index(header).ContainsKey("item_id");

    public CatalogCsvFormat Format => CatalogCsvFormat.PersonalizeItems;

    public (CatalogTrack? Track, string? Error) Parse(string[] fields)
    {
        var id = CatalogFields.Id(fields[_id], "ITEM_ID", out var error);
        if (id is null) return (null, error);
        long? year = null;
        if (_year >= 0) CatalogFields.Integer(fields[_year], "RELEASE_YEAR", 0, 9999, out year, ref error);
        if (_created >= 0) CatalogFields.Integer(fields[_created], "CREATION_TIMESTAMP", 0, long.MaxValue, out _, ref error);
        var features = new Dictionary<string, double>(_features.Length, StringComparer.Ordinal);
        foreach (var (feature, column) in _features)
            if (CatalogFields.Number(fields[column], feature.ToUpperInvariant(), out var value, ref error) && value is { } v) features[feature] = v;
        if (error is not null) return (null, error);
        return (new CatalogTrack
        {
            TrackId = id,
            Name = _name >= 0 ? CatalogFields.Text(fields[_name]) : null,
            Artists = _artist >= 0 ? CatalogFields.List(fields[_artist], '|').Select(a => new ArtistRef { Name = a }).ToList() : [],
            Genres = _genres >= 0 ? CatalogFields.List(fields[_genres], '|') : [],
            ReleaseYear = (int?)year,
            AudioFeatures = features,
            Source = CatalogSources.Import,
        }, null);
    }
}
