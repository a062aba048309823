using System.Diagnostics;
using Recommender.Contracts;

namespace Recommender.AllInOne.Tests;

/// <summary>The all-in-one host as a real child process (<c>serve --port 0</c>) on a given data folder: what a user runs, so that a test
/// can kill it the hard way (SIGKILL) and start it again on the same folder.</summary>
public sealed class HostProcess : IDisposable
{
    private readonly Process _process;

    private HostProcess(Process process, Uri address)
    {
        _process = process;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<HostProcess> StartAsync(string dataDirectory, params string[] settings)
    {
        var directory = AppContext.BaseDirectory;
        var appHost = Path.Combine(directory, OperatingSystem.IsWindows() ? "Recommender.AllInOne.exe" : "Recommender.AllInOne");
        var start = File.Exists(appHost)
            ? new ProcessStartInfo(appHost)
            : new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet") { ArgumentList = { Path.Combine(directory, "Recommender.AllInOne.dll") } };
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        foreach (var arg in new[] { "serve", "--data-dir", dataDirectory, "--port", "0" }.Concat(settings)) start.ArgumentList.Add(arg);
        var listening = new TaskCompletionSource<Uri>(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new List<string>();
        var process = new Process { StartInfo = start };
        void Read(object _, DataReceivedEventArgs line)
        {
            if (line.Data is null) return;
            lock (output) output.Add(line.Data);
            const string marker = "Now listening on: ";
            var at = line.Data.IndexOf(marker, StringComparison.Ordinal);
            if (at >= 0) listening.TrySetResult(new Uri(line.Data[(at + marker.Length)..].Trim()));
        }
        process.OutputDataReceived += Read;
        process.ErrorDataReceived += Read;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // a slow start beside other builds on 2 cores is no failure; a host that never listens is
            var address = await listening.Task.WaitAsync(Eventually.Deadline);
            return new HostProcess(process, address);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            lock (output) throw new TimeoutException($"the host did not listen within {Eventually.Deadline.TotalSeconds:N0} s: {string.Join(" | ", output.TakeLast(20))}");
        }
    }

    /// <summary>SIGKILL: no shutdown hooks, no flush, no snapshot; waits until the process is gone.</summary>
    public void Kill()
    {
        _process.Kill(entireProcessTree: false);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (!_process.HasExited) Kill();
        _process.Dispose();
    }
}
