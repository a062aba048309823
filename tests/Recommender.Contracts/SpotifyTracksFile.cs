using System.Globalization;

namespace Recommender.Contracts;

/// <summary>
/// Writes a synthetic file in the Spotify tracks data set layout, as that file is distributed: an unnamed index column,
/// fields with commas quoted, artists separated by ';', and each track listed once per genre it is filed under, the rows
/// grouped by genre (so a track's rows are far apart). For tests and the import benchmark; never real data.
/// </summary>
public static class SpotifyTracksFile
{
    public const string Header = ",track_id,artists,album_name,track_name,popularity,duration_ms,explicit,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,time_signature,track_genre";

    public static readonly string[] Genres = ["acoustic", "afrobeat", "alt-rock", "ambient", "blues", "chill", "classical", "country", "dance", "disco",
        "edm", "folk", "funk", "hip-hop", "indie", "jazz", "k-pop", "metal", "pop", "punk", "r-n-b", "reggae", "rock", "soul", "techno"];

    /// <summary>A track of the file: its id, the genres it is listed under, and its row values.</summary>
    public sealed record Track(string Id, string Name, string[] Artists, string Album, int Popularity, long DurationMs, bool Explicit,
        double Danceability, double Energy, double Valence, double Tempo, string[] Genres);

    /// <summary>Tracks for about <paramref name="rows"/> rows: one in four is filed under a second genre, one in twenty under a third.</summary>
    public static List<Track> Tracks(int rows, int seed = 7)
    {
        var random = new Random(seed);
        var tracks = new List<Track>();
        var written = 0;
        for (var i = 0; written < rows; i++)
        {
            var genres = new List<string> { Genres[random.Next(Genres.Length)] };
            if (i % 4 == 1) genres.Add(Genres[(Array.IndexOf(Genres, genres[0]) + 1 + random.Next(Genres.Length - 1)) % Genres.Length]);
            if (i % 20 == 9) genres.Add(Genres.First(g => !genres.Contains(g)));
            genres = genres.Take(rows - written).ToList();
            written += genres.Count;
            var artists = i % 3 == 0 ? new[] { $"Artist {i % 997}", $"Guest, {i % 89}" } : [$"Artist {i % 997}"];
            tracks.Add(new Track($"{seed:x2}{i:x20}", i % 10 == 0 ? $"Song \"{i}\", part 2" : $"Song {i}", artists,
                i % 7 == 0 ? $"Album {i / 12}, Deluxe" : $"Album {i / 12}", random.Next(101), 90_000 + random.Next(300_000), i % 11 == 0,
                Math.Round(random.NextDouble(), 3), Math.Round(random.NextDouble(), 3), Math.Round(random.NextDouble(), 3),
                Math.Round(60 + 140 * random.NextDouble(), 3), genres.ToArray()));
        }
        return tracks;
    }

    /// <summary>Writes the header and one row per (track, genre), grouped by genre like the distributed file.</summary>
    public static void Write(TextWriter writer, IReadOnlyList<Track> tracks)
    {
        writer.Write(Header);
        writer.Write('\n');
        var index = 0;
        foreach (var genre in Genres)
            foreach (var t in tracks.Where(t => t.Genres.Contains(genre)))
            {
                writer.Write(string.Join(',',
                    Invariant(index++), t.Id, Quote(string.Join(';', t.Artists)), Quote(t.Album), Quote(t.Name), Invariant(t.Popularity), Invariant(t.DurationMs),
                    t.Explicit ? "True" : "False", Invariant(t.Danceability), Invariant(t.Energy), "5", "-7.25", "1", "0.0461", "0.32", "1.01e-06", "0.118",
                    Invariant(t.Valence), Invariant(t.Tempo), "4", genre));
                writer.Write('\n');
            }
    }

    public static string WriteFile(string path, int rows, int seed = 7)
    {
        using var writer = new StreamWriter(path);
        Write(writer, Tracks(rows, seed));
        return path;
    }

    private static string Quote(string field) =>
        field.Contains(',') || field.Contains('"') ? $"\"{field.Replace("\"", "\"\"")}\"" : field;

    private static string Invariant(IFormattable value) => value.ToString(null, CultureInfo.InvariantCulture);
}
