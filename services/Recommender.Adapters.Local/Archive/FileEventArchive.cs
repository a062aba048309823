using System.Globalization;
using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Recommender.Core.Archive;
using Recommender.Core.Events;

namespace Recommender.Adapters.Local.Archive;

/// <summary>
/// The local lake: Parquet files (the Glue table's columns) under root/dt=YYYY-MM-DD/, partitioned by the day the
/// archive received the events, as Firehose partitions by arrival. Each write is one new file, written aside and
/// renamed into place, so a crash never leaves half a file where readers look; <see cref="LakeCompaction"/> later
/// merges a day's files into one. Gzipped JSON lines of the earlier layout (dt=/hour=HH/*.jsonl.gz) are still read,
/// until compaction converts them.
/// </summary>
public sealed class FileEventArchive(string root, TimeProvider? time = null) : IEventArchive
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    public const string JsonLinesSuffix = ".jsonl.gz";
    public const string PartitionPrefix = "dt=";

    public string Root => root;

    public async Task WriteAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var now = _time.GetUtcNow().UtcDateTime;
        var folder = PartitionFolder(DateOnly.FromDateTime(now));
        Directory.CreateDirectory(folder);
        var name = $"events-{now:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}{ArchiveParquet.FileSuffix}";
        var temporary = Path.Combine(folder, $".{name}.tmp");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await ArchiveParquet.WriteAsync(file, events, cancellationToken);
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path.Combine(folder, name));
    }

    public async IAsyncEnumerable<PlaybackEvent> ReadAsync(DateTimeOffset? sinceHour, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var since = sinceHour?.UtcDateTime;
        foreach (var (day, folder) in Partitions())
        {
            if (since is { } s && day < DateOnly.FromDateTime(s)) continue;
            // A file compacted away after the listing means its events are in a file the listing missed: list again.
            var read = new HashSet<string>(StringComparer.Ordinal);
            for (var missed = true; missed;)
            {
                missed = false;
                foreach (var file in PartitionFiles(folder, since).Where(read.Add).ToList())
                {
                    var stream = OpenIfPresent(file);
                    if (stream is null) { missed = true; continue; }
                    var events = file.EndsWith(JsonLinesSuffix, StringComparison.Ordinal)
                        ? ReadJsonLinesAsync(stream, cancellationToken)
                        : ArchiveParquet.ReadAsync(stream, cancellationToken);
                    await using (stream)
                        await foreach (var e in events) yield return e;
                }
            }
        }
    }

    /// <summary>The day partitions, oldest first, as (day, folder).</summary>
    public IEnumerable<(DateOnly Day, string Folder)> Partitions()
    {
        if (!Directory.Exists(root)) yield break;
        foreach (var folder in Directory.EnumerateDirectories(root, PartitionPrefix + "*").Order(StringComparer.Ordinal))
            if (DateOnly.TryParseExact(Path.GetFileName(folder)[PartitionPrefix.Length..], "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
                yield return (day, folder);
    }

    public string PartitionFolder(DateOnly day) => Path.Combine(root, $"{PartitionPrefix}{day:yyyy-MM-dd}");

    /// <summary>Archive files in partition order, of the partitions that can hold events received at or after the given hour.</summary>
    public IEnumerable<string> Files(DateTimeOffset? sinceHour) =>
        Partitions().Where(p => sinceHour is null || p.Day >= DateOnly.FromDateTime(sinceHour.Value.UtcDateTime))
            .SelectMany(p => PartitionFiles(p.Folder, sinceHour?.UtcDateTime));

    private static IEnumerable<string> PartitionFiles(string partition, DateTime? sinceHour) =>
        ParquetFiles(partition).Concat(JsonLinesFiles(partition, sinceHour));

    /// <summary>The Parquet files of one partition (never the hidden ones still being written).</summary>
    public static IEnumerable<string> ParquetFiles(string partition) =>
        Listed(() => Directory.GetFiles(partition, "*" + ArchiveParquet.FileSuffix)).Where(f => !Path.GetFileName(f).StartsWith('.'));

    /// <summary>A folder's entries in name order; none when compaction removed the folder meanwhile.</summary>
    private static string[] Listed(Func<string[]> list)
    {
        try { return list().Order(StringComparer.Ordinal).ToArray(); }
        catch (DirectoryNotFoundException) { return []; }
    }

    /// <summary>The earlier layout's gzipped JSON lines under partition/hour=HH/, of the hours at or after <paramref name="sinceHour"/>.</summary>
    public static IEnumerable<string> JsonLinesFiles(string partition, DateTime? sinceHour = null)
    {
        foreach (var hour in Listed(() => Directory.GetDirectories(partition, "hour=*")))
        {
            if (sinceHour is { } s && PartitionHour(partition, hour) < new DateTime(s.Year, s.Month, s.Day, s.Hour, 0, 0, DateTimeKind.Utc)) continue;
            foreach (var file in Listed(() => Directory.GetFiles(hour, "*" + JsonLinesSuffix))) yield return file;
        }
    }

    private static FileStream? OpenIfPresent(string file)
    {
        try { return new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.Asynchronous); }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException) { return null; }
    }

    private static async IAsyncEnumerable<PlaybackEvent> ReadJsonLinesAsync(Stream stream, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
            if (line.Length > 0) yield return EventJson.Deserialize(Encoding.UTF8.GetBytes(line));
    }

    private static DateTime PartitionHour(string dayFolder, string hourFolder)
    {
        var day = DateTime.ParseExact(Path.GetFileName(dayFolder)[3..], "yyyy-MM-dd", CultureInfo.InvariantCulture);
        var hour = int.Parse(Path.GetFileName(hourFolder)[5..], CultureInfo.InvariantCulture);
        return DateTime.SpecifyKind(day.AddHours(hour), DateTimeKind.Utc);
    }
}
