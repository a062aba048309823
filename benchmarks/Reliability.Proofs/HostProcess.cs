using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Reliability.Proofs;

/// <summary>The all-in-one host as a child process (the built dll), so it can be killed like a real one.</summary>
/// <remarks>Everything the host prints is also appended to <c>DATA_FOLDER.host.log</c> beside the data folder.</remarks>
internal sealed class HostProcess(string hostDll, string dataDirectory, int port, IReadOnlyList<string> settings) : IDisposable
{
    private readonly string _logFile = dataDirectory.TrimEnd('/') + ".host.log";
    private Process? _process;
    private readonly List<string> _log = [];

    public Uri Address { get; } = new($"http://127.0.0.1:{port}");

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>The process id, to read its memory from /proc.</summary>
    public int Id => _process?.Id ?? throw new InvalidOperationException("the host is not started");

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Runs one verb of the host (such as <c>keys create</c>) to the end; returns what it printed on stdout.</summary>
    public static async Task<string> RunVerbAsync(string hostDll, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args.Prepend(hostDll)) start.ArgumentList.Add(arg);
        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0) throw new InvalidOperationException($"`{string.Join(' ', args)}` exited with {process.ExitCode}: {await error}");
        return await output;
    }

    public async Task StartAsync(HttpClient http, TimeSpan timeout)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in new[] { hostDll, "serve", "--port", port.ToString(), "--data-dir", dataDirectory }.Concat(settings)) start.ArgumentList.Add(arg);
        _process = Process.Start(start) ?? throw new InvalidOperationException("could not start the host");
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        var until = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < until)
        {
            if (_process.HasExited) throw new InvalidOperationException($"the host exited with {_process.ExitCode}: {string.Join(" / ", LastLines(5))}");
            try
            {
                using var ready = await http.GetAsync(new Uri(Address, "/readyz"));
                if (ready.IsSuccessStatusCode) return;
            }
            catch (HttpRequestException) { }
            await Task.Delay(100);
        }
        throw new TimeoutException($"the host was not ready within {timeout}");
    }

    private void Keep(string? line)
    {
        if (line is null) return;
        lock (_log)
        {
            _log.Add(line);
            File.AppendAllText(_logFile, line + "\n");
        }
    }

    public IReadOnlyList<string> LastLines(int count)
    {
        lock (_log) return _log.TakeLast(count).ToList();
    }

    /// <summary>SIGKILL: no shutdown, no flush, as a power cut or the OOM killer would.</summary>
    public void Kill()
    {
        _process?.Kill(entireProcessTree: true);
        _process?.WaitForExit();
    }

    /// <summary>SIGTERM and wait: consumers stop, stores close.</summary>
    public async Task StopAsync()
    {
        if (_process is null || _process.HasExited) return;
        using (var term = Process.Start("kill", ["-TERM", _process.Id.ToString()])) await term!.WaitForExitAsync();
        using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _process.WaitForExitAsync(wait.Token);
    }

    public void Dispose()
    {
        if (_process is { HasExited: false }) Kill();
        _process?.Dispose();
    }
}
