namespace Producer.Spotify;

/// <summary>
/// Genres of artists (Spotify keeps genres on artists, not tracks), cached for the run. Genres are optional:
/// since February 2026 a Development Mode app gets 403 from GET /v1/artists?ids= and Artist.genres is deprecated,
/// so on a 403 this falls back to GET /v1/artists/{id} (still open to such apps) one new artist at a time, and when
/// that is refused too, or the field is missing, the events go without Spotify genres (said once); the catalog
/// fills them where it can.
/// </summary>
public sealed class ArtistGenres(SpotifyApi api, Action<string>? report = null)
{
    private enum Source { Batch, OneByOne, None }

    private readonly Dictionary<string, IReadOnlyList<string>> _cache = new(StringComparer.Ordinal);
    private readonly Action<string> _report = report ?? (_ => { });
    private Source _source = Source.Batch;
    private bool _reportedMissingField;

    public int CachedArtists => _cache.Count;

    /// <summary>False once Spotify refused every way of reading genres for this app.</summary>
    public bool Available => _source != Source.None;

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
        if (missing.Count == 0 || _source == Source.None) return;
        if (_source == Source.Batch)
        {
            try
            {
                foreach (var chunk in missing.Chunk(50)) Remember(chunk, await api.ArtistsAsync(chunk, cancellationToken));
                return;
            }
            catch (SpotifyForbiddenException e)
            {
                _report($"Spotify refuses GET /v1/artists?ids= to this app ({e.SpotifyMessage ?? "403"}); reading artists one at a time");
                _source = Source.OneByOne;
            }
        }
        foreach (var id in missing.Where(id => !_cache.ContainsKey(id)))
        {
            try
            {
                var artist = await api.ArtistAsync(id, cancellationToken);
                Remember([id], artist is null ? [] : [artist]);
            }
            catch (SpotifyForbiddenException e)
            {
                _report($"Spotify gives this app no artist genres ({e.SpotifyMessage ?? "403"}); events go without them");
                _source = Source.None;
                return;
            }
        }
    }

    public IReadOnlyList<string> Lookup(SpotifyItem track) =>
        (track.Artists ?? []).SelectMany(a => a.Id is not null && _cache.TryGetValue(a.Id, out var g) ? g : []).Distinct().ToList();

    private void Remember(IEnumerable<string> asked, IReadOnlyList<SpotifyArtist> artists)
    {
        foreach (var id in asked) _cache[id] = [];
        foreach (var a in artists)
        {
            if (a.Id is null) continue;
            _cache[a.Id] = a.Genres ?? [];
            if (a.Genres is null && !_reportedMissingField)
            {
                _reportedMissingField = true;
                _report("Spotify sends artists without genres (the field is deprecated); events go without them where it is missing");
            }
        }
    }
}
