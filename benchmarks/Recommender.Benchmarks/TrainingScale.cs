using System.Diagnostics;
using Recommender.Engine;
using Recommender.Engine.Training;

namespace Recommender.Benchmarks;

/// <summary><c>training N</c>: trains the default model on N synthetic interactions and prints time and peak memory (one process per size, so peaks do not mix).</summary>
internal static class TrainingScale
{
    public static int Run(string[] args)
    {
        if (args.Length < 2 || !int.TryParse(args[1], out var count) || count <= 0)
        {
            Console.Error.WriteLine("usage: training N   (N synthetic interactions, e.g. 1000000)");
            return 2;
        }
        var users = Math.Max(100, count / 100);
        var tracks = Math.Max(1_000, count / 100);
        var world = new SyntheticMusic(tracks);
        var interactions = world.Interactions(count, users);
        var items = world.Items();
        var options = new EngineOptions();
        GC.Collect();
        var before = Process.GetCurrentProcess().WorkingSet64;
        var clock = Stopwatch.StartNew();
        var model = ModelTrainer.Train(interactions, items, options);
        var seconds = clock.Elapsed.TotalSeconds;
        var process = Process.GetCurrentProcess();
        process.Refresh();
        Console.WriteLine($"interactions={count} users={users} tracks={tracks} algorithm={model.Algorithm} train_seconds={seconds:F2} " +
                          $"peak_working_set_mb={process.PeakWorkingSet64 / 1048576} input_working_set_mb={before / 1048576} item_links={model.Neighbors.NonZeros} cores={Environment.ProcessorCount}");
        return 0;
    }
}
