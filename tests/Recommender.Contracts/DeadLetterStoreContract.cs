using System.Text;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace Recommender.Contracts;

/// <summary>What every dead-letter store (SQLite, DynamoDB) must do. Subclass with a fixture that makes an empty store.</summary>
public abstract class DeadLetterStoreContract
{
    protected abstract Task<IDeadLetterStore> CreateStoreAsync(TimeProvider clock);

    private readonly ManualClock _clock = new(TestEvents.Start);

    private static StreamRecord Record(string sequence, byte[] data) =>
        new("shardId-000000000001", sequence, "user-1", data, TestEvents.Start);

    [Fact]
    public async Task a_letter_keeps_the_record_bytes_the_error_and_the_attempts_per_consumer()
    {
        var store = await CreateStoreAsync(_clock);
        byte[] notUtf8 = [(byte)'{', 0xFF, 0xFE];
        await store.AddAsync("profile-aggregator", Record("100", notUtf8), "not a contract-v1 event", 5, CancellationToken.None);
        _clock.Advance(TimeSpan.FromSeconds(1));
        await store.AddAsync("hot-path", Record("101", "{}"u8.ToArray()), "ThrottlingException", 5, CancellationToken.None);

        var letter = (await store.ListAsync("profile-aggregator", 10, CancellationToken.None)).ShouldHaveSingleItem();
        (letter.Consumer, letter.ShardId, letter.SequenceNumber, letter.Error, letter.Attempts, letter.FailedAt, letter.RedriveRequested)
            .ShouldBe(("profile-aggregator", "shardId-000000000001", "100", "not a contract-v1 event", 5, TestEvents.Start, false));
        letter.Data.ShouldBe(notUtf8);
        (await store.ListAsync(null, 10, CancellationToken.None)).Select(l => l.Consumer).ShouldBe(["profile-aggregator", "hot-path"]);
        (await store.ListAsync(null, 1, CancellationToken.None)).Count.ShouldBe(1);
    }

    [Fact]
    public async Task a_record_dead_lettered_again_replaces_its_letter()
    {
        var store = await CreateStoreAsync(_clock);
        await store.AddAsync("archive", Record("7", "{}"u8.ToArray()), "first", 5, CancellationToken.None);
        await store.AddAsync("archive", Record("7", "{}"u8.ToArray()), "second", 6, CancellationToken.None);

        var letter = (await store.ListAsync("archive", 10, CancellationToken.None)).ShouldHaveSingleItem();
        (letter.Error, letter.Attempts).ShouldBe(("second", 6));
    }

    [Fact]
    public async Task a_redrive_request_marks_the_letters_of_one_consumer_until_they_are_removed_or_fail_again()
    {
        var store = await CreateStoreAsync(_clock);
        await store.AddAsync("archive", Record("1", "{}"u8.ToArray()), "disk full", 5, CancellationToken.None);
        await store.AddAsync("archive", Record("2", "{}"u8.ToArray()), "disk full", 5, CancellationToken.None);
        await store.AddAsync("hot-path", Record("3", "{}"u8.ToArray()), "throttled", 5, CancellationToken.None);

        (await store.RequestRedriveAsync("archive", CancellationToken.None)).ShouldBe(2);

        (await store.ListRedriveRequestsAsync("hot-path", 10, CancellationToken.None)).ShouldBeEmpty();
        var requested = await store.ListRedriveRequestsAsync("archive", 10, CancellationToken.None);
        requested.Select(l => l.SequenceNumber).ShouldBe(["1", "2"], ignoreOrder: true);
        await store.RemoveAsync(requested.Single(l => l.SequenceNumber == "1"), CancellationToken.None);
        await store.AddAsync("archive", requested.Single(l => l.SequenceNumber == "2").ToRecord(TestEvents.Start), "disk full again", 6, CancellationToken.None);

        (await store.ListRedriveRequestsAsync("archive", 10, CancellationToken.None)).ShouldBeEmpty();
        var left = (await store.ListAsync("archive", 10, CancellationToken.None)).ShouldHaveSingleItem();
        (left.SequenceNumber, left.Attempts, left.Error, left.RedriveRequested).ShouldBe(("2", 6, "disk full again", false));
        (await store.RequestRedriveAsync(null, CancellationToken.None)).ShouldBe(2);
    }
}
