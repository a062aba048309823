using System.Text;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Local.Profiles;

/// <summary>
/// A profile row as compact binary: the aggregator rewrites every touched profile in each batch, and JSON made that rewrite (and
/// the read before it) the aggregator's main cost. Rows written before this format are JSON text and still read (<see cref="Read"/>
/// tells them apart by their type); the next change to such a profile writes it in this format.
/// </summary>
internal static class ProfileCodec
{
    private const byte Format = 1;

    public static byte[] Write(UserProfile p)
    {
        using var buffer = new MemoryStream(256 + 64 * p.RecentTracks.Count);
        using (var w = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true))
        {
            w.Write(Format);
            w.Write(p.UserId);
            w.Write(p.Plays);
            w.Write(p.Completes);
            w.Write(p.Skips);
            w.Write(p.Likes);
            w.Write(p.Dislikes);
            w.Write(p.ListeningMs);
            WriteCounts(w, p.ArtistCounts);
            WriteCounts(w, p.GenreCounts);
            w.Write7BitEncodedInt(p.RecentTracks.Count);
            foreach (var r in p.RecentTracks)
            {
                w.Write(r.TrackId);
                w.Write(r.EventType);
                WriteTime(w, r.OccurredAt);
                w.Write(r.MsPlayed.HasValue);
                if (r.MsPlayed is { } ms) w.Write(ms);
                w.Write(r.EventId);
            }
            w.Write7BitEncodedInt(p.HourHistogram.Length);
            foreach (var h in p.HourHistogram) w.Write7BitEncodedInt64(h);
            WriteOptionalTime(w, p.FirstSeen);
            WriteOptionalTime(w, p.LastSeen);
            w.Write(p.Version);
        }
        return buffer.ToArray();
    }

    /// <summary>A stored row: bytes in this format, or the JSON text of the first layout.</summary>
    public static UserProfile Read(object stored) => stored switch
    {
        byte[] bytes => ReadBinary(bytes),
        string json => ProfileJson.Deserialize(json),
        _ => throw new InvalidDataException($"a stored profile is a {stored.GetType().Name}, neither bytes nor JSON text"),
    };

    private static UserProfile ReadBinary(byte[] bytes)
    {
        using var r = new BinaryReader(new MemoryStream(bytes, writable: false), Encoding.UTF8);
        if (r.ReadByte() != Format) throw new InvalidDataException("a stored profile has an unknown format");
        var p = new UserProfile
        {
            UserId = r.ReadString(),
            Plays = r.ReadInt64(),
            Completes = r.ReadInt64(),
            Skips = r.ReadInt64(),
            Likes = r.ReadInt64(),
            Dislikes = r.ReadInt64(),
            ListeningMs = r.ReadInt64(),
            ArtistCounts = ReadCounts(r),
            GenreCounts = ReadCounts(r),
        };
        var recent = r.Read7BitEncodedInt();
        p.RecentTracks = new List<RecentTrack>(recent);
        for (var k = 0; k < recent; k++)
        {
            var track = r.ReadString();
            var type = r.ReadString();
            var at = ReadTime(r);
            long? ms = r.ReadBoolean() ? r.ReadInt64() : null;
            p.RecentTracks.Add(new RecentTrack(track, type, at, ms, r.ReadString()));
        }
        p.HourHistogram = new long[r.Read7BitEncodedInt()];
        for (var h = 0; h < p.HourHistogram.Length; h++) p.HourHistogram[h] = r.Read7BitEncodedInt64();
        p.FirstSeen = ReadOptionalTime(r);
        p.LastSeen = ReadOptionalTime(r);
        p.Version = r.ReadInt64();
        return p;
    }

    private static void WriteCounts(BinaryWriter w, Dictionary<string, long> counts)
    {
        w.Write7BitEncodedInt(counts.Count);
        foreach (var (key, count) in counts)
        {
            w.Write(key);
            w.Write7BitEncodedInt64(count);
        }
    }

    private static Dictionary<string, long> ReadCounts(BinaryReader r)
    {
        var n = r.Read7BitEncodedInt();
        var counts = new Dictionary<string, long>(n, StringComparer.Ordinal);
        for (var k = 0; k < n; k++) counts[r.ReadString()] = r.Read7BitEncodedInt64();
        return counts;
    }

    // the instant and the offset it was given with, so a profile reads back exactly as JSON kept it
    private static void WriteTime(BinaryWriter w, DateTimeOffset at)
    {
        w.Write(at.UtcTicks);
        w.Write((short)at.Offset.TotalMinutes);
    }

    private static DateTimeOffset ReadTime(BinaryReader r)
    {
        var ticks = r.ReadInt64();
        var offset = TimeSpan.FromMinutes(r.ReadInt16());
        return new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(offset);
    }

    private static void WriteOptionalTime(BinaryWriter w, DateTimeOffset? at)
    {
        w.Write(at.HasValue);
        if (at is { } value) WriteTime(w, value);
    }

    private static DateTimeOffset? ReadOptionalTime(BinaryReader r) => r.ReadBoolean() ? ReadTime(r) : null;
}
