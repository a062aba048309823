using System.Diagnostics;
using System.Globalization;

namespace DatasetBuilder.Tests.Aws;

/// <summary>A local AWS protocol peer from npm started by tests/peers.js on a free loopback port (needs `npm ci --prefix tests`), stopped on dispose.</summary>
public sealed class NodePeer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string? _directory;

    private NodePeer(Process process, Uri url, string? directory)
    {
        _process = process;
        Url = url;
        _directory = directory;
    }

    public Uri Url { get; }

    public static async Task<NodePeer> StartS3rverAsync()
    {
        var tests = Path.Combine(Path.GetDirectoryName(Path.GetDirectoryName(Archives.SchemasDirectory()))!, "tests");
        if (!Directory.Exists(Path.Combine(tests, "node_modules", "s3rver")))
            throw new InvalidOperationException($"s3rver is not installed under {tests}/node_modules: run `npm ci --prefix tests` from the repository root first");
        var directory = Directory.CreateTempSubdirectory("s3rver-").FullName;
        var start = new ProcessStartInfo("node")
        {
            WorkingDirectory = tests,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("peers.js");
        start.ArgumentList.Add("s3rver");
        start.ArgumentList.Add(directory);
        var process = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(30));
        if (line is null || !line.StartsWith("listening ", StringComparison.Ordinal))
            throw new InvalidOperationException($"s3rver did not start: {line} {await process.StandardError.ReadToEndAsync()}");
        return new NodePeer(process, new Uri($"http://127.0.0.1:{int.Parse(line["listening ".Length..], CultureInfo.InvariantCulture)}"), directory);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            if (!_process.WaitForExit(3000)) _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        catch (InvalidOperationException) { }
        _process.Dispose();
        if (_directory is not null) try { Directory.Delete(_directory, recursive: true); } catch (IOException) { }
    }
}
