using System.Runtime.CompilerServices;
using Parquet;
using Parquet.Serialization;
using Recommender.Core.Events;

namespace Recommender.Core.Archive;

/// <summary>The archive's file format: Parquet rows of <see cref="ArchiveRow"/>, zstd-compressed, read one row group at a time.</summary>
public static class ArchiveParquet
{
    public const string FileSuffix = ".parquet";

    /// <summary>The first bytes of every Parquet file (Firehose's objects have no suffix, so readers look).</summary>
    public static ReadOnlySpan<byte> Magic => "PAR1"u8;

    private static readonly ParquetOptions Options = new() { CompressionMethod = CompressionMethod.Zstd, RowGroupSize = 100_000 };

    public static Task WriteAsync(Stream destination, IEnumerable<PlaybackEvent> events, CancellationToken cancellationToken) =>
        ParquetSerializer.SerializeAsync(events.Select(ArchiveRow.From), destination, Options, cancellationToken: cancellationToken);

    /// <summary>Events of a seekable Parquet stream, row group by row group, so a large file never sits in memory whole.</summary>
    public static async IAsyncEnumerable<PlaybackEvent> ReadAsync(Stream source, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        int groups;
        await using (var reader = await ParquetReader.CreateAsync(source, Options, leaveStreamOpen: true, cancellationToken))
            groups = reader.RowGroupCount;
        for (var g = 0; g < groups; g++)
        {
            source.Position = 0;
            var rows = await ParquetSerializer.DeserializeAsync<ArchiveRow>(source, Options, g, cancellationToken);
            foreach (var row in rows.Data) yield return row.ToEvent();
        }
    }

    public static bool StartsWithMagic(ReadOnlySpan<byte> head) => head.Length >= 4 && head[..4].SequenceEqual(Magic);
}
