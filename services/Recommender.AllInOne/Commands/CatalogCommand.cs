using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Catalog;
using Recommender.Core.Catalog.Import;
using Recommender.Hosting;

namespace Recommender.AllInOne.Commands;

/// <summary>
/// <c>catalog import FILE [--format auto|spotify-tracks|personalize-items] [--data-dir D] [--mode local|aws]</c>: loads
/// tracks into the catalog. Bad rows are named by line and skipped; the summary says what was loaded. Exit 0 when
/// something was imported (or the file had no rows), 1 when every row was bad, 2 on bad input.
/// </summary>
public static class CatalogCommand
{
    public const int MaxBadRowsShown = 20;
    private const int WriteChunk = 10_000;

    public static Command Create()
    {
        var file = new Argument<string>("file") { Description = "the CSV to import" };
        // the parser hands an unknown option to an open argument: name it as what it is
        file.Validators.Add(r => { if (r.GetValueOrDefault<string>() is { } f && f.StartsWith('-')) r.AddError($"unknown option '{f}'"); });
        var format = new Option<string>("--format") { Description = "the file's layout; auto decides from its header", DefaultValueFactory = _ => "auto" };
        format.OneOf("auto", "spotify-tracks", "personalize-items");
        var host = new HostCommandOptions();
        var mode = new Option<string>("--mode") { Description = "local: the SQLite catalog under --data-dir; aws: the DynamoDB table (Aws__* environment variables)", DefaultValueFactory = _ => "local" };
        mode.OneOf("local", "aws");
        var import = new Command("import", "Load tracks from a CSV in the Spotify tracks data set layout or the Personalize ITEMS layout; bad rows are reported by line and skipped")
        {
            file, format, host.DataDirectory, mode,
        };
        import.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var error = parse.InvocationConfiguration.Error;
            var path = parse.GetValue(file)!;
            if (!File.Exists(path)) return await CommandFailure.FailAsync(error, CommandFailure.BadInput, $"file: no file at {path}");
            var chosen = parse.GetValue(format) switch
            {
                "spotify-tracks" => CatalogCsvFormat.SpotifyTracks,
                "personalize-items" => CatalogCsvFormat.PersonalizeItems,
                _ => CatalogCsvFormat.Auto,
            };
            var clock = Stopwatch.StartNew();
            CatalogCsvContent content;
            try
            {
                using var reader = new StreamReader(path);
                content = CatalogCsv.Read(reader, chosen, new Progress<long>(rows => output.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] read {rows:N0} rows")));
            }
            catch (FormatException e)
            {
                return await CommandFailure.FailAsync(error, CommandFailure.BadInput, $"{path}: {e.Message}");
            }
            foreach (var bad in content.BadRows.Take(MaxBadRowsShown)) await error.WriteLineAsync($"line {bad.Line}: {bad.Reason}; skipped");
            if (content.BadRows.Count > MaxBadRowsShown) await error.WriteLineAsync($"... and {content.BadRows.Count - MaxBadRowsShown:N0} more bad rows; skipped");

            await using var services = Compose(parse.GetValue(host.DataDirectory)!, parse.GetValue(mode)!);
            var catalog = services.GetRequiredService<ITrackCatalog>();
            var written = 0;
            foreach (var chunk in content.Tracks.Chunk(WriteChunk))
            {
                await catalog.ImportAsync(chunk, cancellationToken);
                written += chunk.Length;
                await output.WriteLineAsync($"[{clock.Elapsed.TotalSeconds,6:F1}s] wrote {written:N0} of {content.Tracks.Count:N0} tracks");
            }
            var seconds = clock.Elapsed.TotalSeconds;
            await output.WriteLineAsync(
                $"imported {content.Tracks.Count:N0} tracks from {content.Rows:N0} rows of {Path.GetFileName(path)} ({Describe(content.Format)}) in {seconds:F1} s " +
                $"({content.Rows / Math.Max(seconds, 0.001):N0} rows/s): {content.MergedRows:N0} rows added genres to a track already read, " +
                $"{content.BadRows.Count:N0} bad rows skipped");
            return content.Tracks.Count == 0 && content.Rows > 0 ? 1 : 0;
        });
        return new Command("catalog", "The track catalog: names, artists, genres and audio features of tracks, played or not") { import };
    }

    private static ServiceProvider Compose(string dataDirectory, string mode)
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                [PlatformAdapters.DataDirectoryKey] = Path.GetFullPath(dataDirectory),
                [PlatformAdapters.ModeKey] = mode,
            })
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformAdapters(configuration);
        return services.BuildServiceProvider();
    }

    private static string Describe(CatalogCsvFormat format) => format switch
    {
        CatalogCsvFormat.SpotifyTracks => "Spotify tracks layout",
        CatalogCsvFormat.PersonalizeItems => "Personalize ITEMS layout",
        _ => format.ToString(),
    };
}
