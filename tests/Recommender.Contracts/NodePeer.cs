using System.Diagnostics;

namespace Recommender.Contracts;

/// <summary>
/// A local AWS protocol peer from npm (kinesalite, dynalite, s3rver) started by tests/peers.js on a free
/// loopback port, and stopped on dispose. Needs `npm ci --prefix tests` first (the README's test command).
/// </summary>
public sealed class NodePeer : IAsyncDisposable
{
    private readonly Process _process;
    private string? _ownedDirectory;

    private NodePeer(Process process, Uri url)
    {
        _process = process;
        Url = url;
    }

    public Uri Url { get; }

    public static async Task<NodePeer> StartAsync(string peer, params string[] extraArgs)
    {
        var testsDir = TestsDirectory();
        if (!Directory.Exists(Path.Combine(testsDir, "node_modules", peer)))
            throw new InvalidOperationException($"{peer} is not installed under {testsDir}/node_modules: run `npm ci --prefix tests` from the repository root first");
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = testsDir,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("peers.js");
        start.ArgumentList.Add(peer);
        foreach (var a in extraArgs) start.ArgumentList.Add(a);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        string? line;
        try
        {
            // node starts slowly beside a build on 2 cores; the deadline is only reached when the peer is broken
            line = await process.StandardOutput.ReadLineAsync().WaitAsync(Eventually.Deadline);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{peer} did not print \"listening <port>\" within {Eventually.Deadline.TotalSeconds:N0} s of starting");
        }
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
        {
            var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(5));
            throw new InvalidOperationException($"{peer} did not start: {line} {error}");
        }
        return new NodePeer(process, new Uri($"http://127.0.0.1:{int.Parse(line["listening ".Length..], System.Globalization.CultureInfo.InvariantCulture)}"));
    }

    /// <summary>s3rver over a temporary folder of its own, deleted on dispose.</summary>
    public static async Task<NodePeer> StartS3rverAsync()
    {
        var directory = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var peer = await StartAsync("s3rver", directory);
        peer._ownedDirectory = directory;
        return peer;
    }

    /// <summary>The repository's tests/ folder: where package.json, peers.js and node_modules are.</summary>
    public static string TestsDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "tests", "peers.js"))) return Path.Combine(dir.FullName, "tests");
        throw new InvalidOperationException($"no tests/peers.js above {AppContext.BaseDirectory}");
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000)) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException)
        {
        }
        _process.Dispose();
        if (_ownedDirectory is not null) try { Directory.Delete(_ownedDirectory, recursive: true); } catch (IOException) { }
    }
}
