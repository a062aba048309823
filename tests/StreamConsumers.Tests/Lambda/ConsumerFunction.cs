using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Recommender.AwsFakes.Lambda;

namespace StreamConsumers.Tests.Lambda;

/// <summary>
/// One consumer Lambda function on this machine: the real StreamConsumers app (its Main, a process of its own) started with the
/// function's environment, behind the Lambda Web Adapter double, as Lambda's init phase starts it. Stopped on dispose.
/// </summary>
public sealed class ConsumerFunction : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ConsumerFunction(Process process, LambdaWebAdapter adapter, string name, int port)
    {
        _app = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        _process = process;
        Adapter = adapter;
        Name = name;
    }

    private readonly HttpClient _app;

    public LambdaWebAdapter Adapter { get; }

    /// <summary>A GET straight to the app inside the sandbox (its /readyz), as an operator's probe from the Lambda's own network would.</summary>
    public Task<HttpResponseMessage> GetAsync(string path) => _app.GetAsync(path);
    public string Name { get; }

    /// <summary>What the app printed, for a failure's message.</summary>
    public string Output => string.Join("\n", _output.TakeLast(60));

    /// <param name="environment">The function's configuration; the port is replaced by a free one (Lambda gives each function its own sandbox).</param>
    /// <param name="runtime">What Lambda itself sets (region, the role's session credentials) and the tests' endpoint overrides.</param>
    public static async Task<ConsumerFunction> StartAsync(string name, IReadOnlyDictionary<string, string> environment, IReadOnlyDictionary<string, string> runtime)
    {
        var env = new Dictionary<string, string>(environment, StringComparer.Ordinal);
        var port = FreePort();
        foreach (var key in env.Keys.ToList()) env[key] = env[key].Replace(":8080", $":{port}", StringComparison.Ordinal);
        env["AWS_LWA_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var start = new ProcessStartInfo(DotnetHost())
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = AppContext.BaseDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "StreamConsumers.dll"));
        // a Lambda sandbox has only what the function is given: nothing of the test process's own settings leaks in
        start.Environment.Clear();
        foreach (var key in new[] { "PATH", "HOME", "TMPDIR", "DOTNET_ROOT" })
            if (Environment.GetEnvironmentVariable(key) is { } value) start.Environment[key] = value;
        foreach (var (key, value) in env.Concat(runtime)) start.Environment[key] = value;

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start");
        var function = new ConsumerFunction(process, new LambdaWebAdapter(LambdaWebAdapterSettings.From(env)), name, port);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) function._output.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) function._output.Enqueue(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await function.Adapter.WaitUntilReadyAsync(() => process.HasExited);
        }
        catch (Exception e)
        {
            var output = function.Output;
            await function.DisposeAsync();
            throw new InvalidOperationException($"{name} did not become ready ({e.Message}); it printed:\n{output}", e);
        }
        return function;
    }

    /// <summary>One Kinesis batch, as the event source mapping invokes the function, and what Lambda makes of the answer.</summary>
    public async Task<(LambdaInvocation Invocation, KinesisBatchOutcome Outcome)> InvokeAsync(string kinesisEvent)
    {
        var invocation = await Adapter.InvokeAsync(kinesisEvent, Name);
        return (invocation, KinesisBatchOutcome.Of(invocation, KinesisEvents.SequenceNumbers(kinesisEvent)));
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } host && Path.GetFileNameWithoutExtension(host) == "dotnet" ? host : "dotnet";

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    public async ValueTask DisposeAsync()
    {
        Adapter.Dispose();
        _app.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
