using Producer.Delivery;
using Producer.Outbox;
using Producer.Simulation;
using Producer.Tests.Fakes;
using Recommender.Core.Events;

namespace Producer.Tests.Outbox;

public sealed class OutboxTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("producer-outbox-").FullName;
    private string DbPath => Path.Combine(_dir, "outbox.db");

    private static List<PlaybackEvent> Events(int count, int seed = 3)
    {
        var catalog = SyntheticCatalog.Generate(500, seed);
        var listeners = SyntheticListeners.Generate(catalog, 20, seed);
        return new ListeningSimulator(listeners, new SimulationOptions { Seed = seed, EventIdPrefix = $"t{seed}" }).Generate(count).ToList();
    }

    private static SenderOptions Fast => new() { IdlePoll = TimeSpan.FromMilliseconds(10), InitialBackoff = TimeSpan.FromMilliseconds(10), MaxBackoff = TimeSpan.FromMilliseconds(50) };

    [Fact]
    public void events_wait_in_order_across_a_restart_until_removed()
    {
        var events = Events(1_200);
        using (var outbox = new EventOutbox(DbPath)) outbox.Enqueue(events).ShouldBe(1_200);

        using var reopened = new EventOutbox(DbPath);
        reopened.Depth.ShouldBe(1_200);
        var batch = reopened.Peek(500, EventContract.MaxRequestBytes);
        batch.Select(b => b.EventId).ShouldBe(events.Take(500).Select(e => e.EventId));
        var stored = EventJson.Deserialize(batch[0].Json);
        (stored.UserId, stored.TrackId, stored.EventType, stored.OccurredAt, stored.MsPlayed, stored.Track!.Name)
            .ShouldBe((events[0].UserId, events[0].TrackId, events[0].EventType, events[0].OccurredAt, events[0].MsPlayed, events[0].Track!.Name));
        reopened.Remove(batch.Select(b => b.Sequence));
        reopened.Depth.ShouldBe(700);
        reopened.Peek(500, EventContract.MaxRequestBytes)[0].EventId.ShouldBe(events[500].EventId);
    }

    [Fact]
    public void an_event_id_already_waiting_is_queued_once()
    {
        var events = Events(10);
        using var outbox = new EventOutbox(DbPath);
        outbox.Enqueue(events).ShouldBe(10);
        outbox.Enqueue(events.Take(5)).ShouldBe(0);
        outbox.Depth.ShouldBe(10);
    }

    [Fact]
    public void a_batch_stays_under_the_byte_limit()
    {
        using var outbox = new EventOutbox(DbPath);
        outbox.Enqueue(Events(100));
        var batch = outbox.Peek(500, 10_000);
        batch.Count.ShouldBeInRange(1, 99);
        (batch.Sum(b => b.Json.Length + 1) + 1).ShouldBeLessThanOrEqualTo(10_000);
    }

    [Fact]
    public async Task with_the_ingestion_api_down_events_accumulate_and_are_all_delivered_once_it_is_back()
    {
        await using var peer = await ContractIngestionPeer.StartAsync();
        peer.Down = true;
        using var outbox = new EventOutbox(DbPath);
        using var http = new HttpClient();
        var sender = new OutboxSender(outbox, new IngestionClient(http, peer.BaseUrl, "key-1"), Fast);
        var events = Events(2_000);
        outbox.Enqueue(events);

        for (var i = 0; i < 3; i++) (await sender.SendRoundAsync(CancellationToken.None)).Wait.ShouldNotBeNull();
        outbox.Depth.ShouldBe(2_000);
        peer.Stored.Count.ShouldBe(0);

        peer.Down = false;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await sender.RunAsync(timeout.Token, untilEmpty: true);
        outbox.Depth.ShouldBe(0);
        peer.Stored.Keys.ToHashSet().SetEquals(events.Select(e => e.EventId)).ShouldBeTrue();
        sender.Delivered.ShouldBe(2_000);
        sender.Duplicates.ShouldBe(0);
        peer.LastApiKey.ShouldBe("key-1");
    }

    [Fact]
    public async Task a_crash_between_post_and_dequeue_redelivers_and_loses_nothing()
    {
        await using var peer = await ContractIngestionPeer.StartAsync();
        var events = Events(800);
        using var http = new HttpClient();
        var client = new IngestionClient(http, peer.BaseUrl, null);
        using (var outbox = new EventOutbox(DbPath))
        {
            outbox.Enqueue(events);
            // The post lands, then the process dies before Remove.
            (await client.PostAsync(outbox.Peek(500, EventContract.MaxRequestBytes), CancellationToken.None)).Outcome.ShouldBe(PostOutcome.Accepted);
        }

        using var restarted = new EventOutbox(DbPath);
        restarted.Depth.ShouldBe(800);
        var sender = new OutboxSender(restarted, client, Fast);
        await sender.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token, untilEmpty: true);
        restarted.Depth.ShouldBe(0);
        sender.Duplicates.ShouldBe(500);
        peer.Stored.Count.ShouldBe(800);
    }

    [Fact]
    public async Task a_bad_event_goes_to_the_rejected_table_with_its_reason_and_the_rest_are_delivered()
    {
        await using var peer = await ContractIngestionPeer.StartAsync();
        var events = Events(50);
        events[7] = events[7] with { EventType = "hummed-along" };
        using var outbox = new EventOutbox(DbPath);
        outbox.Enqueue(events);
        using var http = new HttpClient();
        var sender = new OutboxSender(outbox, new IngestionClient(http, peer.BaseUrl, null), Fast);
        await sender.RunAsync(new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token, untilEmpty: true);

        outbox.Depth.ShouldBe(0);
        peer.Stored.Count.ShouldBe(49);
        peer.Stored.ContainsKey(events[7].EventId).ShouldBeFalse();
        var rejected = outbox.Rejected().ShouldHaveSingleItem();
        rejected.EventId.ShouldBe(events[7].EventId);
        rejected.Error.ShouldContain("event_type");
        outbox.GetState(OutboxSender.LastPostStateKey)!.ShouldContain("accepted 49");
    }

    [Fact]
    public async Task throttling_keeps_the_events_and_honours_retry_after()
    {
        await using var peer = await ContractIngestionPeer.StartAsync();
        peer.Down = true;
        peer.StatusWhileDown = 429;
        peer.RetryAfterSeconds = 2;
        using var outbox = new EventOutbox(DbPath);
        outbox.Enqueue(Events(10));
        using var http = new HttpClient();
        var sender = new OutboxSender(outbox, new IngestionClient(http, peer.BaseUrl, null), Fast);
        var round = await sender.SendRoundAsync(CancellationToken.None);
        round.Sent.ShouldBe(0);
        round.Wait.ShouldBe(TimeSpan.FromSeconds(2));
        sender.LastResult!.Status.ShouldBe(429);
        outbox.Depth.ShouldBe(10);
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
