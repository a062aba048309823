using System.Diagnostics;

namespace Recommender.Contracts;

/// <summary>
/// One of our programs run as a real child process (<c>dotnet X.dll args</c>, the dll beside the test's own), its standard output
/// and error collected line by line, so a test sees exactly what a user's terminal or a log collector would.
/// </summary>
public sealed class DotnetProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _lines = [];

    private DotnetProcess(Process process) => _process = process;

    /// <summary>Every line written so far, standard output and error interleaved as they came.</summary>
    public string Output
    {
        get { lock (_lines) return string.Join('\n', _lines); }
    }

    public bool HasExited => _process.HasExited;

    public static DotnetProcess Start(string dll, IEnumerable<string> args, IReadOnlyDictionary<string, string>? environment = null)
    {
        // Through env(1) so the child gets SIGINT's default disposition back: a parent started in the background
        // (nohup, `cmd &` in a script, a CI runner) passes SIGINT on as ignored, and Ctrl+C would then never reach it.
        var start = new ProcessStartInfo("env")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, dll));
        foreach (var a in args) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        var process = new Process { StartInfo = start };
        var child = new DotnetProcess(process);
        process.OutputDataReceived += (_, e) => child.Add(e.Data);
        process.ErrorDataReceived += (_, e) => child.Add(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Runs to the end and returns the exit code.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(string dll, params string[] args)
    {
        await using var child = Start(dll, args);
        await child._process.WaitForExitAsync().WaitAsync(Eventually.Deadline);
        child._process.WaitForExit(); // drains the output readers
        return (child._process.ExitCode, child.Output);
    }

    /// <summary>Waits for a line matching <paramref name="match"/> and returns it.</summary>
    public Task<string> WaitForLineAsync(Func<string, bool> match, string what) =>
        Eventually.ValueAsync(() =>
        {
            lock (_lines) return _lines.FirstOrDefault(match) ?? (_process.HasExited ? $"(exited {_process.ExitCode})" : "");
        }, line => line.Length > 0, $"{what}; output so far:\n{Output}");

    /// <summary>Waits for the program to end by itself and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync()
    {
        await _process.WaitForExitAsync().WaitAsync(Eventually.Deadline);
        _process.WaitForExit(); // drains the output readers
        return _process.ExitCode;
    }

    /// <summary>Ctrl+C (SIGINT), as a user stops it; killed if it is still running after the deadline.</summary>
    public async Task<int> InterruptAsync()
    {
        if (!_process.HasExited)
        {
            using var kill = Process.Start("kill", ["-INT", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
        }
        try
        {
            await _process.WaitForExitAsync().WaitAsync(Eventually.Deadline);
        }
        catch (TimeoutException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.WaitForExit();
        return _process.ExitCode;
    }

    private void Add(string? line)
    {
        if (line is null) return;
        lock (_lines) _lines.Add(line);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
    }
}
