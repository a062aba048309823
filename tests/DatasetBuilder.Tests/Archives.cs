using Producer.Simulation;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Events;

namespace DatasetBuilder.Tests;

/// <summary>Archives of simulated listening (the producer's simulator), written through the real file archive.</summary>
public static class Archives
{
    public static List<PlaybackEvent> Simulate(int events, int users = 60, int tracks = 400, int seed = 3, string prefix = "ev-") =>
        new ListeningSimulator(SyntheticListeners.Generate(SyntheticCatalog.Generate(tracks, seed), users, seed),
            new SimulationOptions { Seed = seed, Now = new DateTimeOffset(2026, 11, 20, 12, 0, 0, TimeSpan.Zero), EventIdPrefix = prefix })
            .Generate(events).ToList();

    /// <param name="time">The archive's clock, which names the partitions written (dt=/hour=); the real one by default.</param>
    public static async Task<FileEventArchive> WriteAsync(string dataDirectory, IEnumerable<PlaybackEvent> events, int batch = 500, TimeProvider? time = null)
    {
        var archive = new FileEventArchive(Path.Combine(dataDirectory, "archive"), time);
        foreach (var chunk in events.Chunk(batch)) await archive.WriteAsync(chunk, CancellationToken.None);
        return archive;
    }

    /// <summary>The repository's datasets/schemas folder.</summary>
    public static string SchemasDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (Directory.Exists(Path.Combine(dir.FullName, "datasets", "schemas"))) return Path.Combine(dir.FullName, "datasets", "schemas");
        throw new InvalidOperationException("no datasets/schemas above the test binaries");
    }
}
