using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Local.Streaming;
using Recommender.Core.Archive;
using Recommender.Core.Profiles;

namespace Reliability.Proofs;

/// <summary>
/// The crash proof: the all-in-one host under ingest load, SIGKILLed at random moments (consumers checkpoint and the
/// engine retrains all the time, so kills land mid-batch, mid-checkpoint and mid-retrain), restarted each time; then every
/// acknowledged event must be on the stream once, counted once in its listener's profile and archived (once after the
/// readers' de-duplication), and every SQLite file must pass integrity_check.
/// </summary>
internal static class CrashProof
{
    public static async Task<int> RunAsync(string hostDll, int kills, int seed, string dataDirectory)
    {
        var random = new Random(seed);
        Directory.CreateDirectory(dataDirectory);
        var port = HostProcess.FreePort();
        string[] settings = ["--Recommender:Engine:RetrainInterval=00:00:01", "--Recommender:Engine:RetrainMinNewEvents=2000", "--Logging:LogLevel:Default=Warning"];
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var load = new IngestLoad(() => new Uri($"http://127.0.0.1:{port}"), posters: 4, batchSize: 200, users: 500, seed);
        using var stopLoad = new CancellationTokenSource();
        var posting = Task.Run(() => load.RunAsync(stopLoad.Token));
        var clock = Stopwatch.StartNew();

        for (var k = 1; k <= kills; k++)
        {
            using var host = new HostProcess(hostDll, dataDirectory, port, settings);
            await host.StartAsync(http, TimeSpan.FromSeconds(120));
            var before = load.Acknowledged.Count;
            await Task.Delay(TimeSpan.FromMilliseconds(random.Next(500, 4_000)));
            host.Kill();
            Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] kill {k,2}/{kills}: SIGKILL after {load.Acknowledged.Count - before:N0} more acknowledged events ({load.Acknowledged.Count:N0} in all)");
        }

        using var last = new HostProcess(hostDll, dataDirectory, port, settings);
        await last.StartAsync(http, TimeSpan.FromSeconds(120));
        await Task.Delay(2_000);
        stopLoad.Cancel();
        await posting;
        Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] load stopped: {load.Acknowledged.Count:N0} events acknowledged, {load.Refused:N0} answers other than 202 (re-sent)");
        await DeliveryCheck.WaitForConsumersAsync(dataDirectory, TimeSpan.FromMinutes(5));
        await last.StopAsync();
        Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] consumers caught up; host stopped");

        return await DeliveryCheck.VerifyAsync(dataDirectory, load.Acknowledged.Keys.ToList());
    }
}
