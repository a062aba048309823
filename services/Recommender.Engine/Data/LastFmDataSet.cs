using System.Globalization;
using System.IO.Compression;
using System.Text;

namespace Recommender.Engine.Data;

/// <summary>Imports the Last.fm HetRec 2011 2K data set: user_artists weights are interaction strength (EVENT_VALUE of a "listen"),
/// the most used user_taggedartists tags of an artist are its genres, artists.dat gives its name. Files may be plain or gzipped.</summary>
public static class LastFmDataSet
{
    public const string EventType = "listen";
    private const int GenresPerArtist = 5;

    public sealed record DataSet(List<Interaction> Interactions, List<ItemMetadata> Items);

    public static DataSet Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"no Last.fm data set at {directory}");
        var interactions = new List<Interaction>();
        foreach (var r in Rows(directory, "user_artists.dat", Encoding.UTF8))
        {
            if (r.Length < 3) continue;
            interactions.Add(new Interaction(r[0], r[1], 0, EventType, double.Parse(r[2], CultureInfo.InvariantCulture)));
        }
        var names = Rows(directory, "artists.dat", Encoding.UTF8).Where(r => r.Length >= 2).ToDictionary(r => r[0], r => r[1]);
        var tags = Rows(directory, "tags.dat", Encoding.Latin1).Where(r => r.Length >= 2).ToDictionary(r => r[0], r => r[1]);
        var tagCounts = new Dictionary<string, Dictionary<string, int>>();
        foreach (var r in Rows(directory, "user_taggedartists.dat", Encoding.UTF8))
        {
            if (r.Length < 3 || !tags.TryGetValue(r[2], out var tag)) continue;
            if (!tagCounts.TryGetValue(r[1], out var counts)) tagCounts[r[1]] = counts = [];
            counts[tag] = counts.GetValueOrDefault(tag) + 1;
        }
        var artistIds = interactions.Select(i => i.ItemId).Distinct().ToList();
        var items = artistIds.Select(id => new ItemMetadata(
            id,
            names.TryGetValue(id, out var name) ? [name] : [],
            tagCounts.TryGetValue(id, out var c)
                ? c.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).Take(GenresPerArtist).Select(kv => kv.Key).ToArray()
                : [])).ToList();
        return new DataSet(interactions, items);
    }

    public const string TagEventType = "tag";

    /// <summary>
    /// The tag assignments as a second data set of another shape: a user tagging an artist is an interaction (one per tag, dated by
    /// the month of tagging), so the data has real times. Items carry their names but no genres: the genres above come from these
    /// very tags, and a held-out tagging would leak into the items' metadata.
    /// </summary>
    public static DataSet LoadTagAssignments(string directory)
    {
        if (!Directory.Exists(directory)) throw new DirectoryNotFoundException($"no Last.fm data set at {directory}");
        var interactions = new List<Interaction>();
        foreach (var r in Rows(directory, "user_taggedartists.dat", Encoding.UTF8))
        {
            if (r.Length < 6) continue;
            var day = new DateTimeOffset(Int(r[5]), Math.Clamp(Int(r[4]), 1, 12), Math.Clamp(Int(r[3]), 1, 28), 0, 0, 0, TimeSpan.Zero);
            interactions.Add(new Interaction(r[0], r[1], day.ToUnixTimeSeconds(), TagEventType, null));
        }
        var names = Rows(directory, "artists.dat", Encoding.UTF8).Where(r => r.Length >= 2).ToDictionary(r => r[0], r => r[1]);
        var items = interactions.Select(i => i.ItemId).Distinct()
            .Select(id => new ItemMetadata(id, names.TryGetValue(id, out var name) ? [name] : [], [])).ToList();
        return new DataSet(interactions, items);
    }

    private static int Int(string value) => int.Parse(value, CultureInfo.InvariantCulture);

    private static IEnumerable<string[]> Rows(string directory, string file, Encoding encoding)
    {
        var path = Path.Combine(directory, file);
        Stream stream;
        if (File.Exists(path + ".gz")) stream = new GZipStream(File.OpenRead(path + ".gz"), CompressionMode.Decompress);
        else if (File.Exists(path)) stream = File.OpenRead(path);
        else throw new FileNotFoundException($"the Last.fm data set at {directory} has no {file}(.gz)");
        using var reader = new StreamReader(stream, encoding);
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return line.TrimEnd('\r').Split('\t');
    }
}
