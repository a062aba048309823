using System.Diagnostics;
using Recommender.Adapters.Local.Analytics;
using Recommender.Core.Archive;

namespace Recommender.Adapters.Local.Archive;

public sealed record CompactionResult(int Partitions, int FilesBefore, int FilesAfter, long Events, TimeSpan Elapsed);

/// <summary>
/// Merges a day partition's files (the archive consumer's one file per batch, and JSON lines of the earlier layout)
/// into one Parquet file, de-duplicated by (user_id, event_id) and sorted by listener and time, so a day is one file
/// and one listener's rows sit in a few row groups. The merged file is renamed into place before its inputs are
/// deleted: a crash in between leaves duplicates, which the next compaction and every reader remove, never a loss.
/// </summary>
public sealed class LakeCompaction(FileEventArchive archive)
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// <summary>Compacts every partition that has more than one file or any JSON lines; <paramref name="due"/> narrows which.</summary>
    public async Task<CompactionResult> CompactAsync(Func<LakePartition, bool>? due = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var clock = Stopwatch.StartNew();
            int partitions = 0, before = 0, after = 0;
            long events = 0;
            foreach (var (day, folder) in archive.Partitions().ToList())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var partition = new LakePartition(day, FileEventArchive.ParquetFiles(folder).ToList(), FileEventArchive.JsonLinesFiles(folder).ToList());
                var files = partition.Parquet.Count + partition.JsonLines.Count;
                if (files <= 1 && partition.JsonLines.Count == 0 || !(due?.Invoke(partition) ?? true))
                {
                    before += files;
                    after += files;
                    continue;
                }
                events += Compact(folder, partition);
                partitions++;
                before += files;
                after++;
            }
            return new CompactionResult(partitions, before, after, events, clock.Elapsed);
        }
        finally
        {
            _gate.Release();
        }
    }

    private static long Compact(string folder, LakePartition partition)
    {
        var name = $"part-{DateTime.UtcNow:yyyyMMddTHHmmssfff}-{Guid.NewGuid():N}{ArchiveParquet.FileSuffix}";
        var temporary = Path.Combine(folder, $".{name}.tmp");
        var sources = new List<string>();
        if (partition.Parquet.Count > 0) sources.Add($"SELECT {DuckDbLake.Columns}, 0 AS source FROM read_parquet({DuckDbLake.FileList(partition.Parquet)}, union_by_name = true)");
        if (partition.JsonLines.Count > 0) sources.Add($"SELECT {DuckDbLake.Columns}, 1 AS source FROM {DuckDbLake.ReadJsonLines(partition.JsonLines)}");
        long events;
        using (var connection = DuckDbLake.Open())
        {
            // A redelivered event (same listener, same id) is kept once; listener then time order makes row-group statistics prune by listener.
            DuckDbLake.Execute(connection, $"""
                COPY (
                  SELECT * EXCLUDE (source) FROM ({string.Join(" UNION ALL ", sources)})
                  QUALIFY row_number() OVER (PARTITION BY user_id, event_id ORDER BY source) = 1
                  ORDER BY user_id, CAST(occurred_at AS TIMESTAMPTZ), event_id
                ) TO {DuckDbLake.Literal(temporary)} (FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE {RowGroupSize})
                """);
            using var count = connection.CreateCommand();
            count.CommandText = $"SELECT count(*) FROM read_parquet({DuckDbLake.Literal(temporary)})";
            events = Convert.ToInt64(count.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
        }
        using (var written = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite)) written.Flush(flushToDisk: true);
        File.Move(temporary, Path.Combine(folder, name));
        foreach (var file in partition.Parquet.Concat(partition.JsonLines)) DeleteIfPresent(file);
        foreach (var hour in partition.JsonLines.Select(Path.GetDirectoryName).Distinct())
            if (hour is not null && Directory.Exists(hour) && !Directory.EnumerateFileSystemEntries(hour).Any()) Directory.Delete(hour);
        return events;
    }

    /// <summary>Rows per row group: small enough that one listener's rows skip most of a day, large enough to compress well.</summary>
    public const int RowGroupSize = 32_768;

    private static void DeleteIfPresent(string file)
    {
        try { File.Delete(file); }
        catch (DirectoryNotFoundException) { }
    }
}

/// <summary>A day partition's files when compaction looked.</summary>
public sealed record LakePartition(DateOnly Day, IReadOnlyList<string> Parquet, IReadOnlyList<string> JsonLines);
