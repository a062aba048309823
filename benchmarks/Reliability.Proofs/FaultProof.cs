using System.Diagnostics;
using Microsoft.Data.Sqlite;

namespace Reliability.Proofs;

/// <summary>
/// The storage-fault proof: the host under ingest load on a size-limited filesystem (a tmpfs mounted for the run), first
/// filled to the last byte, then with its stream database locked by another process's exclusive transaction. Each fault
/// must give 429/503 with Retry-After and a problem (never another 5xx), the host must live through it and take the same
/// batches again once the fault clears, and at the end every acknowledged event must be on the stream once, counted once,
/// archived, nothing dead-lettered, and every SQLite file must pass integrity_check.
/// </summary>
internal static class FaultProof
{
    public static async Task<int> RunAsync(string hostDll, int faultSeconds, int seed, string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        Console.WriteLine($"host log: {dataDirectory}.host.log");
        if (!await RunAsync("mount", "-t", "tmpfs", "-o", "size=256m", "tmpfs", dataDirectory))
        {
            Console.Error.WriteLine($"error: could not mount a size-limited tmpfs at {dataDirectory}; the faults proof needs root (or CAP_SYS_ADMIN)");
            return 2;
        }
        try
        {
            return await RunOnMountAsync(hostDll, TimeSpan.FromSeconds(faultSeconds), seed, dataDirectory);
        }
        finally
        {
            SqliteConnection.ClearAllPools(); // this process's pooled connections would keep the mount busy
            await RunAsync("umount", dataDirectory);
        }
    }

    private static async Task<int> RunOnMountAsync(string hostDll, TimeSpan hold, int seed, string dataDirectory)
    {
        var port = HostProcess.FreePort();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        using var host = new HostProcess(hostDll, dataDirectory, port, ["--Logging:LogLevel:Default=Warning"]);
        await host.StartAsync(http, TimeSpan.FromSeconds(120));
        var load = new IngestLoad(() => host.Address, posters: 4, batchSize: 200, users: 500, seed);
        using var stopLoad = new CancellationTokenSource();
        var posting = Task.Run(() => load.RunAsync(stopLoad.Token));
        await Task.Delay(3_000);
        Console.WriteLine($"[{load.Now.TotalSeconds,6:F1}s] load running: {load.Acknowledged.Count:N0} events acknowledged");

        var ballast = Path.Combine(dataDirectory, "ballast");
        var diskFull = await PhaseAsync("disk full", load, host, http, hold,
            start: () => Console.WriteLine($"  ballast of {FillDisk(ballast) / 1_048_576.0:F1} MiB written; the filesystem has {new DriveInfo(dataDirectory).AvailableFreeSpace:N0} bytes free"),
            clear: () => File.Delete(ballast));

        SqliteConnection? locker = null;
        var locked = await PhaseAsync("stream database locked", load, host, http, hold,
            start: () => locker = Lock(Path.Combine(dataDirectory, "stream.db")),
            clear: () => locker!.Dispose());

        await Task.Delay(2_000);
        stopLoad.Cancel();
        if (host.HasExited)
        {
            await posting;
            Console.WriteLine($"FAILED: the host exited during the faults (its log: {dataDirectory}.host.log)");
            return 1;
        }
        await posting;
        Console.WriteLine($"[{load.Now.TotalSeconds,6:F1}s] load stopped: {load.Acknowledged.Count:N0} events acknowledged; answers: {Describe(load.Snapshot())}");
        await DeliveryCheck.WaitForConsumersAsync(dataDirectory, TimeSpan.FromMinutes(5));
        var survived = !host.HasExited;
        await host.StopAsync();

        Console.WriteLine();
        Console.WriteLine($"host lived through both faults:      {(survived ? "yes" : "no")}");
        Console.WriteLine($"refusals without Retry-After or a problem: {load.BadRefusals}");
        var verdict = await DeliveryCheck.VerifyAsync(dataDirectory, load.Acknowledged.Keys.ToList());
        var answersOk = diskFull.FiveHundreds == 0 && locked.FiveHundreds == 0 && diskFull.Recovered && locked.Recovered && load.BadRefusals == 0 && survived;
        if (!answersOk) Console.WriteLine("FAILED (answers during the faults)");
        return verdict == 0 && answersOk ? 0 : 1;
    }

    private sealed record Phase(long FiveHundreds, bool Recovered);

    /// <summary>Starts a fault, holds it under load, clears it, and reports the answers meanwhile and how soon a 202 came after.</summary>
    private static async Task<Phase> PhaseAsync(string name, IngestLoad load, HostProcess host, HttpClient http, TimeSpan hold, Action start, Action clear)
    {
        Console.WriteLine($"[{load.Now.TotalSeconds,6:F1}s] {name}: fault on");
        var before = load.Snapshot();
        start();
        await Task.Delay(hold / 2);
        var ready = await ReadinessAsync(http, host);
        await Task.Delay(hold / 2);
        var during = Difference(load.Snapshot(), before);
        clear();
        var cleared = load.Now;
        Console.WriteLine($"[{load.Now.TotalSeconds,6:F1}s] {name}: fault off after {hold.TotalSeconds:F0} s; answers meanwhile: {Describe(during)}; /readyz meanwhile: {ready}");
        var until = DateTime.UtcNow.AddSeconds(60);
        while (load.LastAccepted <= cleared && DateTime.UtcNow < until && !host.HasExited) await Task.Delay(50);
        var recovered = load.LastAccepted > cleared;
        Console.WriteLine(recovered
            ? $"[{load.Now.TotalSeconds,6:F1}s] {name}: first 202 {(load.LastAccepted - cleared).TotalSeconds:F1} s after the fault cleared"
            : $"[{load.Now.TotalSeconds,6:F1}s] {name}: no 202 within 60 s of the fault clearing{(host.HasExited ? $"; the host exited: {string.Join(" / ", host.LastLines(5))}" : "")}");
        var fiveHundreds = during.Where(p => p.Key >= 500 && p.Key != 503).Sum(p => p.Value);
        return new Phase(fiveHundreds, recovered);
    }

    private static async Task<string> ReadinessAsync(HttpClient http, HostProcess host)
    {
        try
        {
            using var response = await http.GetAsync(new Uri(host.Address, "/readyz"));
            return $"{(int)response.StatusCode} {(await response.Content.ReadAsStringAsync()).Trim()}";
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            return $"no answer ({e.GetType().Name})";
        }
    }

    /// <summary>Writes zeros until the filesystem refuses another byte; returns the bytes written.</summary>
    private static long FillDisk(string path)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0);
        long written = 0;
        foreach (var size in new[] { 1 << 20, 1 << 12, 1 })
        {
            var block = new byte[size];
            try
            {
                while (true)
                {
                    file.Write(block);
                    written += size;
                }
            }
            catch (IOException)
            {
            }
        }
        return written;
    }

    /// <summary>Another process's exclusive transaction on the file: every writer waits, readers of the WAL go on.</summary>
    private static SqliteConnection Lock(string path)
    {
        var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        connection.Open();
        using var begin = connection.CreateCommand();
        begin.CommandText = "BEGIN EXCLUSIVE;";
        begin.ExecuteNonQuery();
        return connection;
    }

    private static Dictionary<int, long> Difference(Dictionary<int, long> after, Dictionary<int, long> before) =>
        after.ToDictionary(p => p.Key, p => p.Value - before.GetValueOrDefault(p.Key)).Where(p => p.Value > 0).ToDictionary();

    private static string Describe(Dictionary<int, long> byStatus) =>
        byStatus.Count == 0 ? "none" : string.Join(", ", byStatus.OrderBy(p => p.Key).Select(p => $"{p.Key}: {p.Value:N0}"));

    private static async Task<bool> RunAsync(string command, params string[] args)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, args) { RedirectStandardError = true }) ?? throw new InvalidOperationException();
            await process.WaitForExitAsync();
            return process.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }
}
