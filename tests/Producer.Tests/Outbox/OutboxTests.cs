using Recommender.Contracts;
using Producer.Delivery;
using Producer.Outbox;
using Producer.Simulation;
using Microsoft.AspNetCore.Builder;
using Spotify.Fakes;
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

    private static List<PlaybackEvent> Read(IEnumerable<OutboxEntry> rows) =>
        rows.SelectMany(r => r.Lines()).Select(l => EventJson.Deserialize(l.Span)).ToList();

    [Fact]
    public void events_wait_in_order_across_a_restart_until_removed()
    {
        var events = Events(1_200);
        using (var outbox = new EventOutbox(DbPath)) outbox.Enqueue(events).ShouldBe(1_200);

        using var reopened = new EventOutbox(DbPath);
        reopened.Depth.ShouldBe(1_200);
        var batch = reopened.Peek(500, EventContract.MaxRequestBytes);
        batch.Sum(r => r.Count).ShouldBe(500);
        var stored = Read(batch);
        stored.Select(e => e.EventId).ShouldBe(events.Take(500).Select(e => e.EventId));
        (stored[0].UserId, stored[0].TrackId, stored[0].EventType, stored[0].OccurredAt, stored[0].MsPlayed, stored[0].Track!.Name)
            .ShouldBe((events[0].UserId, events[0].TrackId, events[0].EventType, events[0].OccurredAt, events[0].MsPlayed, events[0].Track!.Name));
        reopened.Remove(batch.Select(b => b.Sequence));
        reopened.Depth.ShouldBe(700);
        Read(reopened.Peek(500, EventContract.MaxRequestBytes))[0].EventId.ShouldBe(events[500].EventId);
    }

    [Fact]
    public void small_enqueues_are_posted_together_up_to_the_batch_limits()
    {
        var events = Events(700);
        using var outbox = new EventOutbox(DbPath);
        foreach (var e in events) outbox.Enqueue([e]); // as the Spotify poller does: one at a time
        var batch = outbox.Peek(500, EventContract.MaxRequestBytes);
        batch.Count.ShouldBe(500);
        var body = OutboxEntry.JsonArray(batch);
        var parsed = EventBatchParser.Parse(body, DateTimeOffset.UtcNow);
        parsed.Errors.ShouldBeEmpty();
        parsed.Events.Select(e => e.EventId).ShouldBe(events.Take(500).Select(e => e.EventId));
    }

    [Fact]
    public void rows_are_cut_so_that_every_batch_fits_the_byte_limit()
    {
        var events = Events(300);
        using var outbox = new EventOutbox(DbPath, maxRowBytes: 10_000);
        outbox.Enqueue(events).ShouldBe(300);
        var seen = new List<string>();
        long after = 0;
        while (outbox.Peek(500, 10_000, after) is { Count: > 0 } batch)
        {
            OutboxEntry.JsonArray(batch).Length.ShouldBeLessThanOrEqualTo(10_000);
            var parsed = EventBatchParser.Parse(OutboxEntry.JsonArray(batch), DateTimeOffset.UtcNow);
            parsed.Errors.ShouldBeEmpty();
            seen.AddRange(parsed.Events.Select(e => e.EventId));
            after = batch[^1].Sequence;
        }
        seen.ShouldBe(events.Select(e => e.EventId));
    }

    [Fact]
    public void a_row_too_large_for_the_server_is_split_without_losing_events()
    {
        var events = Events(7);
        using var outbox = new EventOutbox(DbPath);
        outbox.Enqueue(events);
        outbox.Split(outbox.Peek(500, EventContract.MaxRequestBytes).ShouldHaveSingleItem());
        var rows = outbox.Peek(500, EventContract.MaxRequestBytes);
        rows.Select(r => r.Count).ShouldBe([3, 4]);
        Read(rows).Select(e => e.EventId).ShouldBe(events.Select(e => e.EventId));
    }

    [Fact]
    public async Task throttling_keeps_the_events_and_honours_retry_after()
    {
        // Any server answering 429 with Retry-After, as the ingestion API does when the stream throttles.
        await using var throttling = await LoopbackServer.StartAsync(app => app.MapPost("/v1/events", (Microsoft.AspNetCore.Http.HttpContext c) =>
        {
            c.Response.Headers.RetryAfter = "2";
            return Microsoft.AspNetCore.Http.Results.Problem(statusCode: 429, title: "Too many requests");
        }));
        using var outbox = new EventOutbox(DbPath);
        outbox.Enqueue(Events(10));
        using var http = new HttpClient();
        var sender = new OutboxSender(outbox, new IngestionClient(http, throttling.BaseUrl, null), Fast);

        var round = await sender.SendRoundAsync(CancellationToken.None);

        round.Sent.ShouldBe(0);
        round.Wait.ShouldBe(TimeSpan.FromSeconds(2));
        sender.LastResult!.Status.ShouldBe(429);
        outbox.Depth.ShouldBe(10);
        outbox.GetState(OutboxSender.LastPostStateKey)!.ShouldContain("429");
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_dir, recursive: true); } catch (IOException) { }
    }
}
