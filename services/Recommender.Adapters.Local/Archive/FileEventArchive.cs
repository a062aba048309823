using System.IO.Compression;
using System.Runtime.CompilerServices;
using System.Text;
using Recommender.Core.Archive;
using Recommender.Core.Events;

namespace Recommender.Adapters.Local.Archive;

/// <summary>
/// The archive as gzipped JSON lines under root/dt=YYYY-MM-DD/hour=HH/, partitioned by the hour the
/// archive received the events (as Firehose does). Each write is one new file, written aside and renamed
/// into place, so a crash never leaves half a file where readers look.
/// </summary>
public sealed class FileEventArchive(string root, TimeProvider? time = null) : IEventArchive
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    public const string FileSuffix = ".jsonl.gz";

    public string Root => root;

    public async Task WriteAsync(IReadOnlyList<PlaybackEvent> events, CancellationToken cancellationToken)
    {
        if (events.Count == 0) return;
        var now = _time.GetUtcNow().UtcDateTime;
        var folder = Path.Combine(root, $"dt={now:yyyy-MM-dd}", $"hour={now:HH}");
        Directory.CreateDirectory(folder);
        var name = $"events-{now:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}";
        var temporary = Path.Combine(folder, $".{name}.tmp");
        await using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16, FileOptions.Asynchronous))
        {
            await using (var gzip = new GZipStream(file, CompressionLevel.Fastest, leaveOpen: true))
            {
                foreach (var e in events)
                {
                    await gzip.WriteAsync(EventJson.Serialize(e), cancellationToken);
                    gzip.WriteByte((byte)'\n');
                }
            }
            await file.FlushAsync(cancellationToken);
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, Path.Combine(folder, name + FileSuffix));
    }

    public async IAsyncEnumerable<PlaybackEvent> ReadAsync(DateTimeOffset? sinceHour, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var file in Files(sinceHour))
        {
            await using var stream = File.OpenRead(file);
            await using var gzip = new GZipStream(stream, CompressionMode.Decompress);
            using var reader = new StreamReader(gzip, Encoding.UTF8);
            while (await reader.ReadLineAsync(cancellationToken) is { } line)
            {
                if (line.Length > 0) yield return EventJson.Deserialize(Encoding.UTF8.GetBytes(line));
            }
        }
    }

    /// <summary>Archive files in partition order, of the partitions at or after the given hour.</summary>
    public IEnumerable<string> Files(DateTimeOffset? sinceHour)
    {
        if (!Directory.Exists(root)) yield break;
        var since = sinceHour?.UtcDateTime;
        foreach (var day in Directory.EnumerateDirectories(root, "dt=*").Order(StringComparer.Ordinal))
        {
            foreach (var hour in Directory.EnumerateDirectories(day, "hour=*").Order(StringComparer.Ordinal))
            {
                if (since is { } s && PartitionHour(day, hour) < new DateTime(s.Year, s.Month, s.Day, s.Hour, 0, 0, DateTimeKind.Utc)) continue;
                foreach (var file in Directory.EnumerateFiles(hour, "*" + FileSuffix).Order(StringComparer.Ordinal))
                    yield return file;
            }
        }
    }

    private static DateTime PartitionHour(string dayFolder, string hourFolder)
    {
        var day = DateTime.ParseExact(Path.GetFileName(dayFolder)[3..], "yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var hour = int.Parse(Path.GetFileName(hourFolder)[5..], System.Globalization.CultureInfo.InvariantCulture);
        return DateTime.SpecifyKind(day.AddHours(hour), DateTimeKind.Utc);
    }
}
