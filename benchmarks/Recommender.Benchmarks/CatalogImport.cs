using System.Diagnostics;
using Recommender.AllInOne;
using Recommender.Contracts;

namespace Recommender.Benchmarks;

/// <summary>
/// <c>catalog-import [ROWS]</c>: writes a synthetic file of ROWS rows (default 100,000) in the Spotify tracks data set
/// layout, then runs the real <c>catalog import</c> verb on it into a fresh data folder and prints what it took.
/// </summary>
public static class CatalogImport
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 100_000;
        var folder = Directory.CreateTempSubdirectory("catalog-import-bench-").FullName;
        try
        {
            var file = SpotifyTracksFile.WriteFile(Path.Combine(folder, "tracks.csv"), rows);
            Console.WriteLine($"wrote {rows:N0} rows ({new FileInfo(file).Length / 1e6:F1} MB) in the Spotify tracks layout to {file}");
            var clock = Stopwatch.StartNew();
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var exit = await AllInOneCommandLine.InvokeAsync(["catalog", "import", file, "--data-dir", Path.Combine(folder, "data")]);
            // CPU time says what the import costs on a machine busy with other work, where wall time says how busy it is
            var used = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            Console.WriteLine($"catalog import exit {exit}: {rows:N0} rows in {clock.Elapsed.TotalSeconds:F2} s wall, {used.TotalSeconds:F2} s CPU");
            return exit;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}
