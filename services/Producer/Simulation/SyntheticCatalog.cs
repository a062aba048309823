using Recommender.Core.Events;

namespace Producer.Simulation;

/// <summary>One made-up track; its <see cref="Metadata"/> is built once and shared by every event that plays it.</summary>
public sealed record SyntheticTrack(
    int Index,
    string Id,
    int ArtistIndex,
    int PrimaryGenre,
    long DurationMs,
    AudioFeatures Features,
    TrackMetadata Metadata);

public sealed record SyntheticArtist(int Index, string Id, string Name, int PrimaryGenre, IReadOnlyList<int> Genres, int[] Tracks);

/// <summary>Danceability, energy and valence in 0..1, tempo in beats per minute (Spotify's audio-features ranges).</summary>
public readonly record struct AudioFeatures(double Danceability, double Energy, double Valence, double Tempo)
{
    /// <summary>Distance in a unit-scaled space (tempo divided by 100) so each feature counts about the same.</summary>
    public double DistanceTo(AudioFeatures o)
    {
        double dd = Danceability - o.Danceability, de = Energy - o.Energy, dv = Valence - o.Valence, dt = (Tempo - o.Tempo) / 100;
        return Math.Sqrt(dd * dd + de * de + dv * dv + dt * dt);
    }

    public IReadOnlyDictionary<string, double> ToDictionary() => new Dictionary<string, double>(StringComparer.Ordinal)
    {
        ["danceability"] = Math.Round(Danceability, 3),
        ["energy"] = Math.Round(Energy, 3),
        ["valence"] = Math.Round(Valence, 3),
        ["tempo"] = Math.Round(Tempo, 1),
    };
}

/// <summary>
/// A seeded, made-up music catalog: artists that each play one or two genres, albums, tracks whose
/// audio features cluster by genre, and a popularity order inside every genre. Same seed, same catalog.
/// </summary>
public sealed class SyntheticCatalog
{
    private readonly int[][] _tracksByGenre;

    public IReadOnlyList<SyntheticTrack> Tracks { get; }
    public IReadOnlyList<SyntheticArtist> Artists { get; }
    public IReadOnlyList<string> Genres => SyntheticNames.Genres;

    private SyntheticCatalog(SyntheticTrack[] tracks, SyntheticArtist[] artists, int[][] tracksByGenre)
    {
        Tracks = tracks;
        Artists = artists;
        _tracksByGenre = tracksByGenre;
    }

    /// <summary>Tracks of a genre (primary genre of their artist), most popular first.</summary>
    public ReadOnlySpan<int> TracksOfGenre(int genre) => _tracksByGenre[genre];

    public static SyntheticCatalog Generate(int trackCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trackCount, 1);
        var random = new Random(seed);
        var genreCount = SyntheticNames.Genres.Count;
        var artistCount = Math.Max(1, Math.Min(trackCount, Math.Max(genreCount, trackCount / 12)));

        var artistGenres = new List<int>[artistCount];
        var artistTrackLists = new List<int>[artistCount];
        for (var a = 0; a < artistCount; a++)
        {
            // Round-robin primary genres so every genre has artists even in a small catalog.
            var primary = a < genreCount ? a : random.Next(genreCount);
            artistGenres[a] = [primary];
            if (random.NextDouble() < 0.3) artistGenres[a].Add(SyntheticNames.NeighbourGenre(primary, random));
            artistTrackLists[a] = [];
        }

        var artistNames = SyntheticNames.UniqueArtistNames(artistCount, random);
        var tracks = new SyntheticTrack[trackCount];
        var genreLists = new IReadOnlyList<string>[artistCount];
        var artistRefs = new IReadOnlyList<ArtistRef>[artistCount];
        for (var a = 0; a < artistCount; a++)
        {
            genreLists[a] = artistGenres[a].Select(g => SyntheticNames.Genres[g]).ToArray();
            artistRefs[a] = [new ArtistRef { Id = ArtistId(a), Name = artistNames[a] }];
        }

        var t = 0;
        var artist = 0;
        while (t < trackCount)
        {
            // Albums of 6-14 tracks, handed to artists in turn so every artist has at least one album.
            var albumSize = Math.Min(trackCount - t, random.Next(6, 15));
            var albumName = SyntheticNames.Title(random);
            var year = ReleaseYear(artistGenres[artist][0], random);
            for (var i = 0; i < albumSize; i++, t++)
            {
                var primary = artistGenres[artist][0];
                var features = SyntheticNames.FeaturesFor(primary, random);
                tracks[t] = new SyntheticTrack(t, TrackId(t), artist, primary, random.Next(120_000, 360_000), features,
                    new TrackMetadata
                    {
                        Name = SyntheticNames.Title(random),
                        Artists = artistRefs[artist],
                        Album = albumName,
                        Genres = genreLists[artist],
                        ReleaseYear = year,
                        AudioFeatures = features.ToDictionary(),
                    });
                artistTrackLists[artist].Add(t);
            }
            artist = (artist + 1) % artistCount;
        }

        var artists = new SyntheticArtist[artistCount];
        for (var a = 0; a < artistCount; a++)
            artists[a] = new SyntheticArtist(a, ArtistId(a), artistNames[a], artistGenres[a][0], artistGenres[a], artistTrackLists[a].ToArray());

        // Popularity: a random order inside each genre; listeners pick from the front more often (a long tail).
        var byGenre = new int[genreCount][];
        for (var g = 0; g < genreCount; g++)
        {
            var list = tracks.Where(x => x.PrimaryGenre == g).Select(x => x.Index).ToArray();
            random.Shuffle(list);
            byGenre[g] = list;
        }
        return new SyntheticCatalog(tracks, artists, byGenre);
    }

    public static string TrackId(int index) => $"syn-t{index:D6}";
    public static string ArtistId(int index) => $"syn-a{index:D5}";

    private static int ReleaseYear(int genre, Random random)
    {
        // Older genres reach further back; everything ends at 2025.
        var earliest = SyntheticNames.EarliestYear(genre);
        return random.Next(earliest, 2026);
    }
}
