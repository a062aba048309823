using System.CommandLine;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Configuration;

namespace Recommender.AllInOne.Commands;

/// <summary>
/// <c>compact-archive [--data-dir D | --archive PATH]</c>: merges each day of the local lake into one Parquet file, and
/// converts gzipped JSON lines of the earlier archive layout, as the running host does by itself every hour.
/// </summary>
public static class CompactArchiveCommand
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "the data folder whose archive/ to compact", DefaultValueFactory = _ => DataFolder.Default, HelpName = "DIR" };
        var archive = new Option<string?>("--archive") { Description = "a lake folder (dt=YYYY-MM-DD/ partitions) instead of the data folder's", HelpName = "PATH" };
        var command = new Command("compact-archive", "Compact the local Parquet lake: one file per day, de-duplicated, JSON lines converted") { dataDir, archive };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var root = parse.GetValue(archive) ?? Path.Combine(parse.GetValue(dataDir)!, "archive");
            if (!Directory.Exists(root))
            {
                await parse.InvocationConfiguration.Error.WriteLineAsync($"error: no archive at {Path.GetFullPath(root)} (--data-dir or --archive)");
                return CommandFailure.BadInput;
            }
            var result = await new LakeCompaction(new FileEventArchive(root)).CompactAsync(cancellationToken: cancellationToken);
            await parse.InvocationConfiguration.Output.WriteLineAsync($"compacted {result.Partitions} day partitions: {result.FilesBefore:N0} files to {result.FilesAfter:N0}, " +
                $"{result.Events:N0} events kept, {result.Elapsed.TotalSeconds:F1} s");
            return 0;
        });
        return command;
    }
}
