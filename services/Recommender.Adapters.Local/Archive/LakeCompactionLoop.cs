using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Recommender.Adapters.Local.Archive;

/// <summary>
/// Compacts the local lake beside the archive consumer that fills it: a past day as soon as it has more than one file,
/// today's every <see cref="LakeOptions.CompactEvery"/>, and any day at once when it reaches
/// <see cref="LakeOptions.MaxFilesPerDay"/> files.
/// </summary>
public sealed class LakeCompactionLoop(LakeCompaction compaction, IOptions<LocalOptions> options, ILogger<LakeCompactionLoop> logger, TimeProvider? time = null)
    : BackgroundService
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;
    private readonly Dictionary<DateOnly, DateTimeOffset> _lastCompacted = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value.Archive;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var now = _time.GetUtcNow();
                var result = await compaction.CompactAsync(p => Due(p, now, settings), stoppingToken);
                if (result.Partitions > 0)
                    logger.LogInformation("Compacted {Partitions} archive partitions: {Before} files to {After}, {Events} events, {Seconds:F1} s",
                        result.Partitions, result.FilesBefore, result.FilesAfter, result.Events, result.Elapsed.TotalSeconds);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // the small files stay readable; the next round tries again
                logger.LogWarning(e, "Archive compaction failed; it is retried in {Wait}", settings.CheckEvery);
            }
            await Task.Delay(settings.CheckEvery, _time, stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    private bool Due(LakePartition partition, DateTimeOffset now, LakeOptions settings)
    {
        var files = partition.Parquet.Count + partition.JsonLines.Count;
        var today = DateOnly.FromDateTime(now.UtcDateTime);
        var due = files >= settings.MaxFilesPerDay || partition.JsonLines.Count > 0 || partition.Day < today
            || !_lastCompacted.TryGetValue(partition.Day, out var last) || now - last >= settings.CompactEvery;
        if (due) _lastCompacted[partition.Day] = now;
        return due;
    }
}
