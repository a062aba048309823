using Recommender.Engine.Data;

namespace Recommender.Engine.Catalog;

/// <summary>
/// Every track the engine knows (from the model, from events or from the catalog store), its name, artists, genres and
/// sound, with inverted indexes. Entries the catalog store holds are authoritative: events only fill what they lack.
/// Not thread-safe: the engine guards it.
/// </summary>
internal sealed class TrackCatalog
{
    private static readonly int[] None = [];
    private readonly Dictionary<string, int> _index = new(StringComparer.Ordinal);
    private readonly List<string> _ids = [];
    private readonly List<string?> _names = [];
    private readonly List<int[]> _artists = [];
    private readonly List<int[]> _genres = [];
    private readonly List<AudioProfile?> _audio = [];
    private readonly List<bool> _fromCatalog = [];

    public Vocabulary Genres { get; } = new();
    public Vocabulary Artists { get; } = new();
    public int Count => _ids.Count;

    public string Id(int item) => _ids[item];
    public int? Find(string trackId) => _index.TryGetValue(trackId, out var i) ? i : null;
    public int[] GenresOf(int item) => _genres[item];
    public int[] ArtistsOf(int item) => _artists[item];
    public AudioProfile? AudioOf(int item) => _audio[item];

    /// <summary>How a reason names a track: “So What” by Miles Davis, else its id.</summary>
    public string Describe(int item)
    {
        if (_names[item] is not { } name) return _ids[item];
        return _artists[item].Length == 0 ? $"“{name}”" : $"“{name}” by {Artists.Name(_artists[item][0])}";
    }

    public int GetOrAdd(string trackId)
    {
        if (_index.TryGetValue(trackId, out var i)) return i;
        i = _ids.Count;
        _index[trackId] = i;
        _ids.Add(trackId);
        _names.Add(null);
        _artists.Add(None);
        _genres.Add(None);
        _audio.Add(null);
        _fromCatalog.Add(false);
        return i;
    }

    /// <summary>Adds or refreshes a track from events or a model; empty metadata never erases what is known, and a track
    /// the catalog store described only has its gaps filled.</summary>
    public int Learn(string trackId, IReadOnlyList<string>? artists, IReadOnlyList<string>? genres, string? name = null, AudioProfile? audio = null)
    {
        var item = GetOrAdd(trackId);
        var keep = _fromCatalog[item];
        if (name is not null && (_names[item] is null || !keep)) _names[item] = name;
        if (artists is { Count: > 0 } && (_artists[item].Length == 0 || !keep)) _artists[item] = Relink(Artists, _artists[item], artists, item);
        if (genres is { Count: > 0 } && (_genres[item].Length == 0 || !keep)) _genres[item] = Relink(Genres, _genres[item], genres, item);
        if (audio is not null && (_audio[item] is null || !keep)) _audio[item] = audio;
        return item;
    }

    /// <summary>Takes the catalog store's entry as it is (what it lacks, events may still fill).</summary>
    public int LearnFromCatalog(string trackId, string? name, IReadOnlyList<string> artists, IReadOnlyList<string> genres, AudioProfile? audio)
    {
        var item = GetOrAdd(trackId);
        _fromCatalog[item] = false;
        Learn(trackId, artists, genres, name, audio);
        _fromCatalog[item] = true;
        return item;
    }

    public int Learn(ItemMetadata m) => Learn(m.ItemId, m.Artists, m.Genres);

    public string? NameOf(int item) => _names[item];
    public bool IsFromCatalog(int item) => _fromCatalog[item];

    /// <summary>Adds a track as a saved state had it, terms already interned (term ids and all).</summary>
    public int Append(string trackId, string? name, int[] artists, int[] genres, AudioProfile? audio, bool fromCatalog)
    {
        var item = GetOrAdd(trackId);
        _names[item] = name;
        _audio[item] = audio;
        _fromCatalog[item] = fromCatalog;
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
