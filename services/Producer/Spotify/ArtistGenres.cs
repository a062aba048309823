namespace Producer.Spotify;

/// <summary>Genres of artists (Spotify keeps genres on artists, not tracks), fetched 50 at a time and cached for the run.</summary>
public sealed class ArtistGenres(SpotifyApi api)
{
    private readonly Dictionary<string, IReadOnlyList<string>> _cache = new(StringComparer.Ordinal);

    public int CachedArtists => _cache.Count;

    /// <summary>The union of the genres of each track's artists, fetching the unknown artists first.</summary>
    public async Task<IReadOnlyList<string>> GenresOfAsync(SpotifyItem track, CancellationToken cancellationToken)
    {
        await FetchAsync([track], cancellationToken);
        return Lookup(track);
    }

    public async Task FetchAsync(IEnumerable<SpotifyItem> tracks, CancellationToken cancellationToken)
    {
        var missing = tracks.SelectMany(t => t.Artists ?? []).Select(a => a.Id)
            .Where(id => !string.IsNullOrEmpty(id) && !_cache.ContainsKey(id)).Select(id => id!).Distinct().ToList();
        foreach (var chunk in missing.Chunk(50))
        {
            var artists = await api.ArtistsAsync(chunk, cancellationToken);
            foreach (var id in chunk) _cache[id] = [];
            foreach (var a in artists)
                if (a.Id is not null) _cache[a.Id] = a.Genres ?? [];
        }
    }

    public IReadOnlyList<string> Lookup(SpotifyItem track) =>
        (track.Artists ?? []).SelectMany(a => a.Id is not null && _cache.TryGetValue(a.Id, out var g) ? g : []).Distinct().ToList();
}
