using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Recommender.Benchmarks.Suite;

/// <summary>The all-in-one host under test as a child process (the Release dll) on a fresh data folder and a free loopback port;
/// its pid goes to the bench's pid file, so the bench script's trap can stop it even if the bench itself is killed.</summary>
public sealed class BenchHost : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _log = [];

    private BenchHost(Process process, Uri address, string dataDirectory)
    {
        _process = process;
        Address = address;
        DataDirectory = dataDirectory;
    }

    public Uri Address { get; }
    public string DataDirectory { get; }
    public int Pid => _process.Id;

    public static async Task<BenchHost> StartAsync(string hostDll, string dataDirectory, IReadOnlyList<string> settings, string? pidFile, TimeSpan timeout)
    {
        if (Directory.Exists(dataDirectory)) Directory.Delete(dataDirectory, recursive: true);
        Directory.CreateDirectory(dataDirectory);
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { hostDll, "serve", "--port", port.ToString(), "--data-dir", dataDirectory }.Concat(settings)) start.ArgumentList.Add(arg);
        var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        if (pidFile is not null) await File.AppendAllTextAsync(pidFile, process.Id + Environment.NewLine);
        var host = new BenchHost(process, new Uri($"http://127.0.0.1:{port}"), dataDirectory);
        process.OutputDataReceived += (_, e) => host.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => host.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var waited = Stopwatch.StartNew();
        while (waited.Elapsed < timeout)
        {
            if (process.HasExited) throw new InvalidOperationException($"the host exited with {process.ExitCode}: {string.Join(" / ", host.LastLines(8))}");
            try
            {
                using var ready = await probe.GetAsync(new Uri(host.Address, "/readyz"));
                if (ready.IsSuccessStatusCode) return host;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException) { }
            await Task.Delay(200);
        }
        await host.DisposeAsync();
        throw new TimeoutException($"the host was not ready within {timeout}");
    }

    /// <summary>Resident set now and its peak so far, in MiB, from /proc.</summary>
    public (double Rss, double Peak) Memory()
    {
        double Field(string[] lines, string name) =>
            lines.FirstOrDefault(l => l.StartsWith(name, StringComparison.Ordinal)) is { } line
                ? double.Parse(line[name.Length..].Trim().Split(' ')[0]) / 1024 : double.NaN;
        var status = File.ReadAllLines($"/proc/{_process.Id}/status");
        return (Field(status, "VmRSS:"), Field(status, "VmHWM:"));
    }

    /// <summary>CPU seconds (user + system) the host has used so far.</summary>
    public double CpuSeconds()
    {
        _process.Refresh();
        return _process.TotalProcessorTime.TotalSeconds;
    }

    public IReadOnlyList<string> LastLines(int count)
    {
        lock (_log) return _log.TakeLast(count).ToList();
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Add(line);
            if (_log.Count > 500) _log.RemoveRange(0, 100);
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>SIGTERM, a graceful wait, then SIGKILL.</summary>
    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term!.WaitForExitAsync();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            try { await _process.WaitForExitAsync(wait.Token); }
            catch (OperationCanceledException) { _process.Kill(entireProcessTree: true); }
        }
        _process.Dispose();
    }
}
