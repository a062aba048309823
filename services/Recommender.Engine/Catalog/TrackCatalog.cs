using Recommender.Engine.Data;

namespace Recommender.Engine.Catalog;

/// <summary>Every track the engine knows (from the model or from events), its artists and genres, with inverted indexes. Not thread-safe: the engine guards it.</summary>
internal sealed class TrackCatalog
{
    private static readonly int[] None = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<int[]> _artists = [];
    private readonly List<int[]> _genres = [];

    public Vocabulary Genres { get; } = new();
    public Vocabulary Artists { get; } = new();
    public int Count => _ids.Count;

    public string Id(int item) => _ids[item];
    public int? Find(string trackId) => _index.TryGetValue(trackId, out var i) ? i : null;
    public int[] GenresOf(int item) => _genres[item];
    public int[] ArtistsOf(int item) => _artists[item];

    public int GetOrAdd(string trackId)
    {
        if (_index.TryGetValue(trackId, out var i)) return i;
        i = _ids.Count;
        _index[trackId] = i;
        _ids.Add(trackId);
        _artists.Add(None);
        _genres.Add(None);
        return i;
    }

    /// <summary>Adds or refreshes a track; empty metadata never erases what is known.</summary>
    public int Learn(string trackId, IReadOnlyList<string>? artists, IReadOnlyList<string>? genres)
    {
        var item = GetOrAdd(trackId);
        if (artists is { Count: > 0 }) _artists[item] = Relink(Artists, _artists[item], artists, item);
        if (genres is { Count: > 0 }) _genres[item] = Relink(Genres, _genres[item], genres, item);
        return item;
    }

    public int Learn(ItemMetadata m) => Learn(m.ItemId, m.Artists, m.Genres);

    /// <summary>Adds a track with terms already interned (restoring a saved state, term ids and all).</summary>
    public int Append(string trackId, int[] artists, int[] genres)
    {
        var item = GetOrAdd(trackId);
        _artists[item] = artists;
        _genres[item] = genres;
        foreach (var a in artists) Artists.Link(a, item);
        foreach (var g in genres) Genres.Link(g, item);
        return item;
    }

    public ItemMetadata Metadata(int item) =>
        new(_ids[item], _artists[item].Select(Artists.Name).ToArray(), _genres[item].Select(Genres.Name).ToArray());

    private static int[] Relink(Vocabulary vocabulary, int[] old, IReadOnlyList<string> names, int item)
    {
        var ids = names.Where(n => !string.IsNullOrWhiteSpace(n)).Select(n => vocabulary.Intern(n.Trim())).Distinct().ToArray();
        if (ids.Length == old.Length && ids.All(old.Contains)) return old;
        foreach (var o in old) vocabulary.Unlink(o, item);
        foreach (var n in ids) vocabulary.Link(n, item);
        return ids;
    }
}
