namespace Producer.Simulation;

/// <summary>The vocabulary of the synthetic catalog: genres with their typical sound, and words for names.</summary>
internal static class SyntheticNames
{
    private sealed record GenreSound(string Name, double Danceability, double Energy, double Valence, double Tempo, int EarliestYear);

    private static readonly GenreSound[] Sounds =
    [
        new("pop", 0.70, 0.65, 0.60, 118, 1980),
        new("dance pop", 0.78, 0.75, 0.65, 122, 1985),
        new("rock", 0.50, 0.78, 0.50, 126, 1965),
        new("indie rock", 0.52, 0.68, 0.45, 124, 1985),
        new("alternative rock", 0.48, 0.74, 0.40, 128, 1985),
        new("hard rock", 0.42, 0.88, 0.45, 132, 1970),
        new("heavy metal", 0.35, 0.95, 0.30, 140, 1975),
        new("punk", 0.40, 0.92, 0.55, 165, 1976),
        new("hip hop", 0.80, 0.65, 0.50, 95, 1985),
        new("trap", 0.75, 0.70, 0.35, 140, 2008),
        new("r&b", 0.70, 0.55, 0.55, 100, 1975),
        new("soul", 0.60, 0.50, 0.65, 105, 1960),
        new("jazz", 0.55, 0.35, 0.55, 115, 1950),
        new("blues", 0.50, 0.45, 0.45, 100, 1950),
        new("classical", 0.25, 0.15, 0.30, 90, 1950),
        new("ambient", 0.30, 0.20, 0.25, 85, 1978),
        new("house", 0.82, 0.80, 0.60, 124, 1986),
        new("techno", 0.75, 0.88, 0.35, 132, 1988),
        new("drum and bass", 0.60, 0.92, 0.45, 174, 1993),
        new("folk", 0.50, 0.35, 0.50, 110, 1960),
        new("country", 0.58, 0.55, 0.65, 112, 1960),
        new("reggae", 0.78, 0.55, 0.75, 80, 1968),
        new("latin", 0.80, 0.75, 0.78, 105, 1970),
    ];

    public static readonly IReadOnlyList<string> Genres = Sounds.Select(s => s.Name).ToArray();

    public static int EarliestYear(int genre) => Sounds[genre].EarliestYear;

    /// <summary>A genre that sounds close to <paramref name="genre"/>: an artist's second genre, or a listener's second taste.</summary>
    public static int NeighbourGenre(int genre, Random random)
    {
        var me = Sounds[genre];
        var nearest = Enumerable.Range(0, Sounds.Length)
            .Where(g => g != genre)
            .OrderBy(g => Distance(me, Sounds[g]))
            .Take(3)
            .ToArray();
        return nearest[random.Next(nearest.Length)];
    }

    public static AudioFeatures FeaturesFor(int genre, Random random)
    {
        var s = Sounds[genre];
        return new AudioFeatures(
            Clamp01(s.Danceability + Gaussian(random) * 0.08),
            Clamp01(s.Energy + Gaussian(random) * 0.08),
            Clamp01(s.Valence + Gaussian(random) * 0.12),
            Math.Clamp(s.Tempo + Gaussian(random) * 8, 50, 220));
    }

    public static AudioFeatures TypicalSound(int genre)
    {
        var s = Sounds[genre];
        return new AudioFeatures(s.Danceability, s.Energy, s.Valence, s.Tempo);
    }

    private static readonly string[] Adjectives =
    [
        "Velvet", "Neon", "Silent", "Golden", "Electric", "Broken", "Midnight", "Crimson", "Paper", "Wild",
        "Hollow", "Lunar", "Static", "Northern", "Glass", "Burning", "Quiet", "Restless", "Faded", "Savage",
        "Crystal", "Distant", "Endless", "Frozen", "Violet", "Copper", "Lost", "Lucky", "Sacred", "Stray",
    ];

    private static readonly string[] Nouns =
    [
        "Harbor", "Echo", "River", "Machine", "Garden", "Wolves", "Satellite", "Parade", "Tide", "Mirror",
        "Lantern", "Horizon", "Season", "Engine", "Highway", "Orchard", "Signal", "Canyon", "Comet", "Frontier",
        "Heart", "Storm", "City", "Dream", "Fire", "Shadow", "Summer", "Ocean", "Radio", "Kingdom",
    ];

    private static readonly string[] Forenames =
    [
        "Ada", "Marlon", "Nina", "Otis", "Ruby", "Caleb", "Lena", "Jonah", "Mira", "Theo",
        "Iris", "Felix", "Zora", "Hugo", "Esme", "Dario", "Yara", "Milo", "Sade", "Arlo",
    ];

    private static readonly string[] Surnames =
    [
        "Vance", "Okafor", "Lindqvist", "Moreau", "Castillo", "Brennan", "Nakamura", "Adeyemi", "Kowalski", "Reyes",
        "Holloway", "Santos", "Fischer", "Park", "Quinn", "Delacroix", "Ivanova", "Mensah", "Rossi", "Hart",
    ];

    public static string[] UniqueArtistNames(int count, Random random)
    {
        var names = new string[count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < count; i++)
        {
            string name;
            var attempts = 0;
            do
            {
                name = random.Next(3) switch
                {
                    0 => $"The {Pick(Adjectives, random)} {Pick(Nouns, random)}s",
                    1 => $"{Pick(Forenames, random)} {Pick(Surnames, random)}",
                    _ => $"{Pick(Adjectives, random)} {Pick(Nouns, random)}",
                };
                // The word lists run out past ~2,000 artists; a roman-style suffix keeps names unique.
                if (++attempts > 5) name = $"{name} {i}";
            } while (!seen.Add(name));
            names[i] = name;
        }
        return names;
    }

    public static string Title(Random random) => random.Next(3) switch
    {
        0 => $"{Pick(Adjectives, random)} {Pick(Nouns, random)}",
        1 => $"{Pick(Nouns, random)} of the {Pick(Adjectives, random)} {Pick(Nouns, random)}",
        _ => Pick(Nouns, random) + (random.Next(2) == 0 ? "" : $" {Pick(Nouns, random)}"),
    };

    private static string Pick(string[] words, Random random) => words[random.Next(words.Length)];

    private static double Distance(GenreSound a, GenreSound b) =>
        TypicalSound(a).DistanceTo(TypicalSound(b));

    private static AudioFeatures TypicalSound(GenreSound s) => new(s.Danceability, s.Energy, s.Valence, s.Tempo);

    private static double Clamp01(double v) => Math.Clamp(v, 0, 1);

    /// <summary>Box-Muller: a standard normal sample from two uniforms.</summary>
    public static double Gaussian(Random random)
    {
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
