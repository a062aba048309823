namespace Producer.Simulation;

/// <summary>
/// A made-up listener: one to three favourite genres (the first weighs most), a handful of favourite
/// artists from them, a preferred sound, and how much they listen compared with others.
/// </summary>
public sealed class SyntheticListener
{
    public required int Index { get; init; }
    public required string UserId { get; init; }
    public required int[] FavouriteGenres { get; init; }

    /// <summary>Weights of <see cref="FavouriteGenres"/>, summing to 1, in decreasing order.</summary>
    public required double[] GenreWeights { get; init; }

    public required int[] FavouriteArtists { get; init; }

    /// <summary>Which genre a session is about: the top genre more often still than its weight (squared weights).</summary>
    public double[] MoodWeights => _moodWeights ??= Squared(GenreWeights);
    private double[]? _moodWeights;
    public required AudioFeatures PreferredSound { get; init; }

    /// <summary>Relative listening volume (heavy listeners are rare, as in real services).</summary>
    public required double Activity { get; init; }

    public int TopGenre => FavouriteGenres[0];

    private static double[] Squared(double[] weights)
    {
        var total = weights.Sum(w => w * w);
        return weights.Select(w => w * w / total).ToArray();
    }

    /// <summary>How much this listener likes a track, 0..1: genre weight, closeness of sound, a favourite artist.</summary>
    public double Affinity(SyntheticCatalog catalog, SyntheticTrack track)
    {
        if (Array.IndexOf(FavouriteArtists, track.ArtistIndex) >= 0) return 1.0;
        var genre = 0.0;
        foreach (var g in catalog.Artists[track.ArtistIndex].Genres)
        {
            var at = Array.IndexOf(FavouriteGenres, g);
            if (at < 0) continue;
            // Top genre scores 1, the others in proportion; an artist's second genre counts less.
            var score = GenreWeights[at] / GenreWeights[0] * (g == track.PrimaryGenre ? 1.0 : 0.6);
            genre = Math.Max(genre, score);
        }
        var sound = Math.Exp(-PreferredSound.DistanceTo(track.Features) / 0.35);
        return 0.75 * genre + 0.25 * sound;
    }
}

public sealed class SyntheticListeners
{
    public IReadOnlyList<SyntheticListener> All { get; }
    public SyntheticCatalog Catalog { get; }

    private SyntheticListeners(SyntheticCatalog catalog, SyntheticListener[] all)
    {
        Catalog = catalog;
        All = all;
    }

    public int Count => All.Count;
    public SyntheticListener this[int index] => All[index];

    public static SyntheticListeners Generate(SyntheticCatalog catalog, int userCount, int seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(userCount, 1);
        var random = new Random(seed);
        var genreCount = catalog.Genres.Count;
        var listeners = new SyntheticListener[userCount];
        for (var i = 0; i < userCount; i++)
        {
            var count = random.Next(1, 4);
            var genres = new List<int> { random.Next(genreCount) };
            while (genres.Count < count)
            {
                // Tastes are coherent more often than not: a second genre near the first.
                var next = random.NextDouble() < 0.6 ? SyntheticNames.NeighbourGenre(genres[0], random) : random.Next(genreCount);
                if (!genres.Contains(next)) genres.Add(next);
            }
            var weights = Weights(genres.Count, random);
            var artists = FavouriteArtists(catalog, genres.ToArray(), weights, random);
            var top = SyntheticNames.TypicalSound(genres[0]);
            listeners[i] = new SyntheticListener
            {
                Index = i,
                UserId = UserId(i),
                FavouriteGenres = genres.ToArray(),
                GenreWeights = weights,
                FavouriteArtists = artists,
                PreferredSound = top with
                {
                    Danceability = Math.Clamp(top.Danceability + SyntheticNames.Gaussian(random) * 0.05, 0, 1),
                    Energy = Math.Clamp(top.Energy + SyntheticNames.Gaussian(random) * 0.05, 0, 1),
                },
                // Pareto-like volume: most listen a little, a few a lot.
                Activity = Math.Min(20, 1 / Math.Pow(1 - random.NextDouble() * 0.95, 0.8)),
            };
        }
        return new SyntheticListeners(catalog, listeners);
    }

    public static string UserId(int index) => $"syn-u{index:D6}";

    private static double[] Weights(int count, Random random)
    {
        if (count == 1) return [1.0];
        // The first genre takes 60-85%; the rest share what is left, in decreasing order.
        var first = 0.60 + random.NextDouble() * 0.25;
        var rest = 1 - first;
        return count == 2 ? [first, rest] : [first, rest * 0.6, rest * 0.4];
    }

    /// <summary>Favourite artists come from the favourite genres in proportion to their weights, most from the top genre.</summary>
    private static int[] FavouriteArtists(SyntheticCatalog catalog, int[] genres, double[] weights, Random random)
    {
        var wanted = random.Next(2, 7);
        var chosen = new SortedSet<int>();
        for (var g = genres.Length - 1; g >= 0; g--)
        {
            var artists = catalog.Artists.Where(a => a.PrimaryGenre == genres[g]).Select(a => a.Index).ToArray();
            random.Shuffle(artists);
            var share = g == 0 ? wanted - chosen.Count : (int)Math.Floor(wanted * weights[g]);
            foreach (var a in artists.Take(Math.Max(0, share))) chosen.Add(a);
        }
        return chosen.ToArray();
    }
}
