using Producer.Commands;
using Producer.Simulation;

namespace Producer.Tests.Outbox;

public sealed class LoadRunTests : IDisposable
{
    private readonly string _home = Directory.CreateTempSubdirectory("producer-load-").FullName;

    [Fact]
    public async Task simulate_posts_every_event_through_the_outbox_once_and_leaves_it_empty()
    {
        await using var api = new RealIngestionApi(Path.Combine(_home, "ingestion-data"), apiKey: null);
        api.StartServer();
        var listeners = SyntheticListeners.Generate(SyntheticCatalog.Generate(1_000, 1), 50, 2);
        var events = new ListeningSimulator(listeners, new SimulationOptions { Seed = 3, EventIdPrefix = "load" }).Generate(3_000);
        var settings = new ProducerSettings { Home = _home, IngestionUrl = api.BaseAddress };

        var exit = await new LoadRun(settings, concurrency: 4).RunAsync("simulate", events, 3_000, due: null, chunkSize: 700, CancellationToken.None);

        exit.ShouldBe(0);
        var stream = await api.ReadStreamAsync();
        stream.Count.ShouldBe(3_000);
        stream.Select(e => e.EventId).Distinct().Count().ShouldBe(3_000);
        stream.ShouldAllBe(e => e.EventId.StartsWith("load-"));
        using var outbox = new Producer.Outbox.EventOutbox(settings.OutboxPath);
        outbox.Depth.ShouldBe(0);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_home, recursive: true); } catch (IOException) { }
    }
}
