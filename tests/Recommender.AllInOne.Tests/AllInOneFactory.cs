using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.AllInOne.Demo;
using Recommender.Core.Streaming;

namespace Recommender.AllInOne.Tests;

/// <summary>The whole all-in-one host in memory (APIs, consumer loops, engine) on a fresh temp data folder.</summary>
public sealed class AllInOneFactory : WebApplicationFactory<Program>
{
    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "all-in-one-tests", Guid.NewGuid().ToString("N"));

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(
            new Dictionary<string, string?> { ["Recommender:DataDirectory"] = DataDirectory }));
        return base.CreateHost(builder);
    }

    /// <summary>Polls until every consumer has checkpointed everything on the stream; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitForConsumersAsync(TimeSpan timeout)
    {
        var lag = await ConsumerCatchUp.WaitAsync(Services, timeout, CancellationToken.None);
        lag.Count.ShouldBe(3, "the host runs the hot path, profile aggregator and archive consumers");
        lag.ShouldAllBe(l => l.Value == 0, $"lag after {timeout}: {string.Join(", ", lag)}");
    }

    public IStreamReader Stream => Services.GetRequiredService<IStreamReader>();

    protected override void Dispose(bool disposing)
    {
        base.Dispose(disposing);
        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // Still held by a closing connection; it is under the temp folder.
        }
    }
}
