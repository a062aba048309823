using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.AllInOne.Demo;
using Recommender.Contracts;
using Recommender.Core.Streaming;
using Recommender.Engine.Serving;

namespace Recommender.AllInOne.Tests;

/// <summary>The whole all-in-one host in memory (APIs, consumer loops, engine) on a fresh temp data folder.</summary>
public sealed class AllInOneFactory : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string?> _settings = [];

    public AllInOneFactory() => _settings["Recommender:DataDirectory"] = DataDirectory;

    public string DataDirectory { get; } = Path.Combine(Path.GetTempPath(), "all-in-one-tests", Guid.NewGuid().ToString("N"));

    /// <summary>
    /// The background retrainer trains the first model once the engine has taken <paramref name="events"/> new events
    /// (Recommender:Engine:RetrainMinNewEvents), so it trains on all of a test's listening and on nothing less: with the
    /// default (200) it trains on whatever the hot path had reached when its 2 s poll came, different on every run.
    /// Call before the first client.
    /// </summary>
    public AllInOneFactory FirstModelAfter(int events)
    {
        _settings["Recommender:Engine:RetrainMinNewEvents"] = events.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return this;
    }

    /// <summary>One more setting of the host (<c>Section:Key</c>). Call before the first client.</summary>
    public AllInOneFactory With(string key, string? value)
    {
        _settings[key] = value;
        return this;
    }

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(config => config.AddInMemoryCollection(_settings));
        return base.CreateHost(builder);
    }

    /// <summary>Waits until the background retrainer has swapped in its first model.</summary>
    public Task WaitForFirstModelAsync()
    {
        var engine = Services.GetRequiredService<EmbeddedRecommender>();
        return Eventually.ValueAsync(() => new EngineState(engine.ModelVersion, engine.EventsTracked), e => e.ModelVersion >= 1,
            "the background retrainer swapped in a first model");
    }

    private sealed record EngineState(int ModelVersion, long EventsTracked);

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
