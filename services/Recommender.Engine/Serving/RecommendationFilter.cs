using Recommender.Core.Recommendations;
using Recommender.Engine.Catalog;

namespace Recommender.Engine.Serving;

/// <summary>A query's filters resolved to catalog ids once per request.</summary>
internal sealed class RecommendationFilter
{
    private readonly TrackCatalog _catalog;
    private readonly UserState? _user;
    private readonly RecommendationFilters _filters;
    private readonly HashSet<int>? _includeGenres, _excludeGenres, _includeArtists, _excludeArtists;

    public RecommendationFilter(TrackCatalog catalog, UserState? user, RecommendationFilters filters)
    {
        _catalog = catalog;
        _user = user;
        _filters = filters;
        _includeGenres = Resolve(catalog.Genres, filters.IncludeGenres);
        _excludeGenres = Resolve(catalog.Genres, filters.ExcludeGenres);
        _includeArtists = Resolve(catalog.Artists, filters.IncludeArtists);
        _excludeArtists = Resolve(catalog.Artists, filters.ExcludeArtists);
    }

    public bool Allows(int item)
    {
        if (_user is not null)
        {
            if (_filters.ExcludePlayed && _user.Played.Contains(item)) return false;
            if (_filters.ExcludeSkipped && _user.Skipped.Contains(item)) return false;
        }
        if (_includeGenres is not null && !Overlaps(_catalog.GenresOf(item), _includeGenres)) return false;
        if (_excludeGenres is not null && Overlaps(_catalog.GenresOf(item), _excludeGenres)) return false;
        if (_includeArtists is not null && !Overlaps(_catalog.ArtistsOf(item), _includeArtists)) return false;
        if (_excludeArtists is not null && Overlaps(_catalog.ArtistsOf(item), _excludeArtists)) return false;
        return true;
    }

    // an empty list means "no filter"; a name the catalog never saw matches nothing
    private static HashSet<int>? Resolve(Vocabulary vocabulary, IReadOnlyList<string> names) =>
        names.Count == 0 ? null : names.Select(n => vocabulary.Find(n.Trim()) ?? -1).ToHashSet();

    private static bool Overlaps(int[] terms, HashSet<int> set)
    {
        foreach (var t in terms) if (set.Contains(t)) return true;
        return false;
    }
}
