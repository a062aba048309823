using Producer.Delivery;
using Producer.Outbox;
using Producer.Simulation;
using Producer.Tests.Spotify;
using Recommender.Contracts;
using Recommender.Core.Events;

namespace Producer.Tests.Outbox;

/// <summary>The outbox against the real ingestion API and embedded stream: down, back, crashes, bad events.</summary>
public sealed class DeliveryToIngestionTests : IDisposable
{
    private static readonly string ApiKey = TestApiKeys.New();
    private readonly string _dir = Directory.CreateTempSubdirectory("producer-delivery-").FullName;
    private string Data => Path.Combine(_dir, "ingestion-data");
    private string OutboxPath => Path.Combine(_dir, "outbox.db");

    private static readonly SenderOptions Fast = new()
    {
        IdlePoll = TimeSpan.FromMilliseconds(10), InitialBackoff = TimeSpan.FromMilliseconds(20), MaxBackoff = TimeSpan.FromMilliseconds(200),
    };

    private static List<PlaybackEvent> Events(int count, string prefix)
    {
        var listeners = SyntheticListeners.Generate(SyntheticCatalog.Generate(800, 5), 40, 6);
        return new ListeningSimulator(listeners, new SimulationOptions { Seed = 7, EventIdPrefix = prefix }).Generate(count).ToList();
    }

    [Fact]
    public async Task with_the_ingestion_api_down_events_accumulate_and_when_it_is_back_all_are_delivered_exactly_once()
    {
        var port = SpotifyTestBed.FreePort();
        var events = Events(3_000, "down");
        using var outbox = new EventOutbox(OutboxPath);
        using var http = new HttpClient();
        var sender = new OutboxSender(outbox, new IngestionClient(http, new Uri($"http://127.0.0.1:{port}/"), ApiKey), Fast);
        outbox.Enqueue(events.Take(1_000));

        // Nothing listens on the port: every round fails, nothing leaves the outbox, more keeps arriving.
        for (var i = 0; i < 3; i++) (await sender.SendRoundAsync(CancellationToken.None)).Wait.ShouldNotBeNull();
        outbox.Enqueue(events.Skip(1_000));
        outbox.Depth.ShouldBe(3_000);
        sender.LastResult!.Outcome.ShouldBe(PostOutcome.RetryLater);

        await using var api = new RealIngestionApi(Data, ApiKey, port);
        api.StartServer();
        await sender.RunAsync(new CancellationTokenSource(Eventually.Deadline).Token, untilEmpty: true);

        outbox.Depth.ShouldBe(0);
        sender.Delivered.ShouldBe(3_000);
        sender.Duplicates.ShouldBe(0);
        var stream = await api.ReadStreamAsync();
        stream.Count.ShouldBe(3_000);
        stream.Select(e => e.EventId).ToHashSet().SetEquals(events.Select(e => e.EventId)).ShouldBeTrue();
    }

    [Fact]
    public async Task a_crash_between_post_and_dequeue_redelivers_without_loss_or_double_counting()
    {
        var events = Events(1_200, "crash");
        await using var api = new RealIngestionApi(Data, ApiKey);
        api.StartServer();
        using var http = new HttpClient();
        var client = new IngestionClient(http, api.BaseAddress, ApiKey);
        using (var outbox = new EventOutbox(OutboxPath))
        {
            outbox.Enqueue(events);
            // The post is acknowledged, then the process dies before removing the rows.
            (await client.PostAsync(outbox.Peek(500, EventContract.MaxRequestBytes), CancellationToken.None)).Outcome.ShouldBe(PostOutcome.Accepted);
        }

        using var restarted = new EventOutbox(OutboxPath);
        restarted.Depth.ShouldBe(1_200);
        var sender = new OutboxSender(restarted, client, Fast);
        await sender.RunAsync(new CancellationTokenSource(Eventually.Deadline).Token, untilEmpty: true);

        restarted.Depth.ShouldBe(0);
        sender.Duplicates.ShouldBe(500);
        var stream = await api.ReadStreamAsync();
        stream.Count.ShouldBe(1_200);
        stream.Select(e => e.EventId).Distinct().Count().ShouldBe(1_200);
    }

    [Fact]
    public async Task an_event_the_api_refuses_is_kept_in_the_rejected_table_and_the_rest_reach_the_stream()
    {
        var events = Events(300, "bad");
        events[42] = events[42] with { OccurredAt = DateTimeOffset.UtcNow.AddHours(2) }; // the contract allows 5 minutes of skew
        await using var api = new RealIngestionApi(Data, ApiKey);
        api.StartServer();
        using var outbox = new EventOutbox(OutboxPath);
        outbox.Enqueue(events);
        using var http = new HttpClient();
        var sender = new OutboxSender(outbox, new IngestionClient(http, api.BaseAddress, ApiKey), Fast);
        await sender.RunAsync(new CancellationTokenSource(Eventually.Deadline).Token, untilEmpty: true);

        outbox.Depth.ShouldBe(0);
        var rejected = outbox.Rejected().ShouldHaveSingleItem();
        rejected.EventId.ShouldBe(events[42].EventId);
        rejected.Error.ShouldContain("occurred_at");
        var stream = await api.ReadStreamAsync();
        stream.Count.ShouldBe(299);
        stream.ShouldNotContain(e => e.EventId == events[42].EventId);
    }

    [Fact]
    public async Task a_refused_api_key_stops_the_sender_with_what_to_fix_and_keeps_the_events()
    {
        await using var api = new RealIngestionApi(Data, ApiKey);
        api.StartServer();
        using var outbox = new EventOutbox(OutboxPath);
        outbox.Enqueue(Events(10, "key"));
        using var http = new HttpClient();
        var sender = new OutboxSender(outbox, new IngestionClient(http, api.BaseAddress, "not-the-key"), Fast);

        // No retrying a key that waiting will not fix: the sender stops at once and says what to change.
        var refused = await Should.ThrowAsync<IngestionRefusedException>(() => sender.RunAsync(CancellationToken.None).WaitAsync(Eventually.Deadline));
        refused.Status.ShouldBe(401);
        refused.Message.ShouldContain("RECOMMENDER_API_KEY");
        refused.Message.ShouldNotContain("not-the-key");
        sender.LastResult!.Status.ShouldBe(401);
        outbox.Depth.ShouldBe(10);
        (await api.ReadStreamAsync()).ShouldBeEmpty();
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
