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
        await WaitForConsumersAsync(dataDirectory, TimeSpan.FromMinutes(5));
        await last.StopAsync();
        Console.WriteLine($"[{clock.Elapsed.TotalSeconds,6:F1}s] consumers caught up; host stopped");

        return await VerifyAsync(dataDirectory, load);
    }

    private static async Task WaitForConsumersAsync(string dataDirectory, TimeSpan timeout)
    {
        await using var services = DataCheck.Adapters(dataDirectory);
        var log = services.GetRequiredService<EmbeddedEventLog>();
        var until = DateTime.UtcNow + timeout;
        long lag;
        while ((lag = await DataCheck.LagAsync(log)) > 0)
        {
            if (DateTime.UtcNow > until) throw new TimeoutException($"the consumers still had {lag} records to go after {timeout}");
            await Task.Delay(500);
        }
    }

    private static async Task<int> VerifyAsync(string dataDirectory, IngestLoad load)
    {
        var integrity = DataCheck.IntegrityChecks(dataDirectory);
        await using var services = DataCheck.Adapters(dataDirectory);
        var stream = await DataCheck.StreamCountsAsync(services.GetRequiredService<EmbeddedEventLog>());
        var archive = await DataCheck.ArchiveCountsAsync(services.GetRequiredService<IEventArchive>());
        var onStream = stream.Keys.ToHashSet();
        var plays = await DataCheck.PlaysAsync(services.GetRequiredService<IProfileStore>(), onStream.Select(k => k.Item1).Distinct());

        var acked = load.Acknowledged.Keys.ToList();
        var missingFromStream = acked.Count(k => !stream.ContainsKey(k));
        var twiceOnStream = stream.Count(p => p.Value > 1);
        var expectedPlays = onStream.GroupBy(k => k.Item1).ToDictionary(g => g.Key, g => (long)g.Count());
        var usersCountedWrong = expectedPlays.Count(p => plays.GetValueOrDefault(p.Key) != p.Value);
        var missingFromArchive = onStream.Count(k => !archive.ContainsKey(k));
        var archivedTwice = archive.Count(p => p.Value > 1);
        var badFiles = integrity.Where(p => p.Value != "ok").ToList();

        Console.WriteLine();
        Console.WriteLine($"acknowledged events:                 {acked.Count:N0}");
        Console.WriteLine($"on the stream (distinct):            {onStream.Count:N0} ({onStream.Count - acked.Count:N0} sent but never acknowledged, kept once)");
        Console.WriteLine($"acknowledged but not on the stream:  {missingFromStream}");
        Console.WriteLine($"on the stream twice:                 {twiceOnStream}");
        Console.WriteLine($"listeners whose plays are not the count of their events: {usersCountedWrong} of {expectedPlays.Count}");
        Console.WriteLine($"not in the archive:                  {missingFromArchive}");
        Console.WriteLine($"archived more than once (at-least-once writes; readers de-duplicate by (user_id, event_id)): {archivedTwice}");
        Console.WriteLine($"SQLite files passing integrity_check: {integrity.Count - badFiles.Count} of {integrity.Count} ({string.Join(", ", integrity.Keys)})");
        foreach (var (file, result) in badFiles) Console.WriteLine($"  {file}: {result}");
        Console.WriteLine("engine: not checked (the engine's real-time state does not survive a restart yet: issue 13)");
        var passed = missingFromStream == 0 && twiceOnStream == 0 && usersCountedWrong == 0 && missingFromArchive == 0 && badFiles.Count == 0;
        Console.WriteLine(passed ? "PASSED" : "FAILED");
        return passed ? 0 : 1;
    }
}
