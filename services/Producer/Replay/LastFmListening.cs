using System.IO.Compression;
using System.Text;
using Recommender.Core.Events;

namespace Producer.Replay;

/// <summary>One user-artist pair of Last.fm HetRec 2K: how often the user played the artist, and when they first tagged it (if ever).</summary>
public sealed record LastFmListen(int UserId, int ArtistId, long Weight, DateOnly? FirstTagged);

/// <summary>
/// Reads hetrec2011-lastfm-2k (the .dat files, gzipped or not): user_artists.dat (play counts), artists.dat
/// (names), tags.dat and user_taggedartists.dat (tags, used as genres; dates, used to order a user's history).
/// The data set has artists, not tracks: an artist is replayed as one item.
/// </summary>
public sealed class LastFmListening
{
    public const string Name = "lastfm-hetrec-2k";

    public IReadOnlyList<LastFmListen> Listens { get; }
    public IReadOnlyDictionary<int, string> ArtistNames { get; }
    public IReadOnlyDictionary<int, IReadOnlyList<string>> ArtistTags { get; }

    private LastFmListening(IReadOnlyList<LastFmListen> listens, IReadOnlyDictionary<int, string> names, IReadOnlyDictionary<int, IReadOnlyList<string>> tags)
    {
        Listens = listens;
        ArtistNames = names;
        ArtistTags = tags;
    }

    public static LastFmListening Load(string directory)
    {
        if (!Directory.Exists(directory)) throw new ProducerException($"no {Name} folder at {directory}");
        var names = new Dictionary<int, string>();
        foreach (var f in Rows(directory, "artists.dat", Encoding.UTF8))
            if (f.Length >= 2 && int.TryParse(f[0], out var id)) names[id] = f[1];

        var tagNames = new Dictionary<int, string>();
        foreach (var f in Rows(directory, "tags.dat", Encoding.Latin1))
            if (f.Length >= 2 && int.TryParse(f[0], out var id)) tagNames[id] = f[1];

        var firstTagged = new Dictionary<(int, int), DateOnly>();
        var tagCounts = new Dictionary<int, Dictionary<int, int>>();
        foreach (var f in Rows(directory, "user_taggedartists.dat", Encoding.UTF8))
        {
            if (f.Length < 6 || !int.TryParse(f[0], out var user) || !int.TryParse(f[1], out var artist) || !int.TryParse(f[2], out var tag)) continue;
            if (int.TryParse(f[3], out var day) && int.TryParse(f[4], out var month) && int.TryParse(f[5], out var year)
                && year is >= 1990 and <= 2030 && month is >= 1 and <= 12)
            {
                var date = new DateOnly(year, month, Math.Clamp(day, 1, DateTime.DaysInMonth(year, month)));
                if (!firstTagged.TryGetValue((user, artist), out var known) || date < known) firstTagged[(user, artist)] = date;
            }
            var counts = tagCounts.TryGetValue(artist, out var c) ? c : tagCounts[artist] = [];
            counts[tag] = counts.GetValueOrDefault(tag) + 1;
        }
        var artistTags = tagCounts.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<string>)kv.Value
            .OrderByDescending(t => t.Value).ThenBy(t => t.Key).Take(3)
            .Select(t => tagNames.GetValueOrDefault(t.Key)).Where(IsCleanText).Select(t => t!).ToList());

        var listens = new List<LastFmListen>(100_000);
        foreach (var f in Rows(directory, "user_artists.dat", Encoding.UTF8))
            if (f.Length >= 3 && int.TryParse(f[0], out var user) && int.TryParse(f[1], out var artist) && long.TryParse(f[2], out var weight))
                listens.Add(new LastFmListen(user, artist, weight, firstTagged.TryGetValue((user, artist), out var d) ? d : null));
        if (listens.Count == 0) throw new ProducerException($"{directory} has no rows in user_artists.dat");
        return new LastFmListening(listens, names, artistTags);
    }

    /// <summary>
    /// The listens as a timeline: each user's artists ordered by first tag date (untagged ones after, by play
    /// count), users interleaved, spread evenly over <paramref name="span"/>; heavier pairs repeat up to
    /// <paramref name="maxPlaysPerPair"/> times (1 + log2 of the play count). Offsets are from the start.
    /// </summary>
    public IEnumerable<(TimeSpan Offset, PlaybackEvent Event)> Timeline(TimeSpan span, int maxPlaysPerPair, DateTimeOffset start)
    {
        var perUser = Listens.GroupBy(l => l.UserId)
            .Select(g => g.OrderBy(l => l.FirstTagged ?? DateOnly.MaxValue).ThenByDescending(l => l.Weight).ThenBy(l => l.ArtistId)
                .SelectMany(l => Enumerable.Range(0, Plays(l.Weight, maxPlaysPerPair)).Select(k => (Listen: l, Repeat: k))).ToList())
            .ToList();
        var total = perUser.Sum(u => (long)u.Count);
        var step = span.Ticks / Math.Max(1, total);
        long ordinal = 0;
        // Round-robin over users so the stream interleaves them as a live service would.
        var positions = new int[perUser.Count];
        for (var round = true; round;)
        {
            round = false;
            for (var u = 0; u < perUser.Count; u++)
            {
                if (positions[u] >= perUser[u].Count) continue;
                round = true;
                var (listen, repeat) = perUser[u][positions[u]++];
                var offset = TimeSpan.FromTicks(step * ordinal++);
                yield return (offset, ToEvent(listen, repeat, start + offset));
            }
        }
    }

    private PlaybackEvent ToEvent(LastFmListen l, int repeat, DateTimeOffset at)
    {
        var name = ArtistNames.GetValueOrDefault(l.ArtistId);
        var artistId = $"lastfm-a{l.ArtistId}";
        return new PlaybackEvent
        {
            // Deterministic: replaying the data set twice is de-duplicated by the ingestion side.
            EventId = $"lfm-{l.UserId}-{l.ArtistId}-{repeat}",
            UserId = $"lastfm-u{l.UserId}",
            TrackId = artistId,
            EventType = EventTypes.Complete,
            OccurredAt = at,
            Context = new PlaybackContext { Type = "artist", Uri = $"lastfm:artist:{l.ArtistId}" },
            Track = new TrackMetadata
            {
                Name = IsCleanText(name) ? name : null,
                Artists = [new ArtistRef { Id = artistId, Name = IsCleanText(name) ? name : null }],
                Genres = ArtistTags.TryGetValue(l.ArtistId, out var tags) && tags.Count > 0 ? tags : null,
            },
        };
    }

    public static int Plays(long weight, int max) =>
        Math.Clamp(1 + (int)Math.Floor(Math.Log2(Math.Max(1, weight))), 1, Math.Max(1, max));

    private static bool IsCleanText(string? s) =>
        !string.IsNullOrWhiteSpace(s) && s.Length <= EventContract.MaxTextLength && !s.Any(char.IsControl);

    /// <summary>Tab-separated rows after the header, from name.gz when present, else name.</summary>
    private static IEnumerable<string[]> Rows(string directory, string name, Encoding encoding)
    {
        var gz = Path.Combine(directory, name + ".gz");
        var plain = Path.Combine(directory, name);
        Stream stream = File.Exists(gz) ? new GZipStream(File.OpenRead(gz), CompressionMode.Decompress)
            : File.Exists(plain) ? File.OpenRead(plain)
            : throw new ProducerException($"{directory} has neither {name}.gz nor {name}");
        using var reader = new StreamReader(stream, encoding);
        reader.ReadLine(); // header
        while (reader.ReadLine() is { } line)
            if (line.Length > 0) yield return line.TrimEnd('\r').Split('\t');
    }
}
