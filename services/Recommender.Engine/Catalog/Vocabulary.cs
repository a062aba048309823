namespace Recommender.Engine.Catalog;

/// <summary>Interns names (genres, artists) to small ints, case-insensitively; keeps the first spelling seen for display.</summary>
internal sealed class Vocabulary
{
    private readonly Dictionary<string, int> _ids = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<string> _names = [];
    private readonly List<List<int>> _items = [];

    public int Count => _names.Count;
    public string Name(int id) => _names[id];
    /// <summary>Items carrying this term, in catalog order.</summary>
    public IReadOnlyList<int> Items(int id) => _items[id];

    public int Intern(string name)
    {
        if (_ids.TryGetValue(name, out var id)) return id;
        id = _names.Count;
        _ids[name] = id;
        _names.Add(name);
        _items.Add([]);
        return id;
    }

    public int? Find(string name) => _ids.TryGetValue(name, out var id) ? id : null;

    public void Link(int id, int item) => _items[id].Add(item);

    public void Unlink(int id, int item) => _items[id].Remove(item);
}
