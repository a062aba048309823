using System.Net;

namespace Recommender.Benchmarks.Suite;

/// <summary>HTTP clients of the load generator: one pool of <c>connections</c> keep-alive connections to the host.</summary>
public static class Loopback
{
    public static HttpClient Client(Uri address, int connections) => new(new SocketsHttpHandler
    {
        MaxConnectionsPerServer = connections,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        AutomaticDecompression = DecompressionMethods.None,
        UseProxy = false,
    })
    {
        BaseAddress = address,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public static bool IsAccepted(HttpStatusCode status) => status == HttpStatusCode.Accepted;
    public static bool IsOk(HttpStatusCode status) => status == HttpStatusCode.OK;

    /// <summary>Waits for the host's first trained model (the model store writes <c>models/model-*.bin</c> before it swaps it in).</summary>
    public static async Task<bool> WaitForModelAsync(string dataDirectory, TimeSpan timeout)
    {
        var models = Path.Combine(dataDirectory, "models");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (clock.Elapsed < timeout)
        {
            if (Directory.Exists(models) && Directory.EnumerateFiles(models, "model-*.bin").Any())
            {
                await Task.Delay(TimeSpan.FromSeconds(1)); // the swap follows the save
                return true;
            }
            await Task.Delay(250);
        }
        return false;
    }
}
