using System.CommandLine;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Local.Consumers;
using Recommender.Contracts;
using Recommender.Core.Consumers;
using Recommender.Core.Events;
using Recommender.Core.Profiles;
using Recommender.Core.Streaming;

namespace Recommender.AllInOne.Tests;

/// <summary>The dead-letters verbs over the local table, with a host serving the same data folder.</summary>
public sealed class DeadLettersCommandTests : IDisposable
{
    private readonly AllInOneFactory _factory = new();

    private static StreamRecord Record(string sequence, byte[] data) => new("shardId-000000000002", sequence, "", data, DateTimeOffset.UtcNow);

    private async Task<(int Exit, string Output)> RunAsync(params string[] args)
    {
        var output = new LockedStringWriter();
        var exit = await AllInOneCommandLine.InvokeAsync(args, new InvocationConfiguration { Output = output, Error = output });
        return (exit, output.ToString());
    }

    [Fact]
    public async Task a_redriven_letter_reaches_its_consumer_in_the_serving_host_and_a_poison_one_stays()
    {
        _factory.CreateClient(); // the host serves the data folder
        var store = _factory.Services.GetRequiredService<IDeadLetterStore>();
        var listen = TestEvents.Listen("redriven-listener", "t1") with { OccurredAt = DateTimeOffset.UtcNow.AddMinutes(-1) };
        await store.AddAsync("profile-aggregator", Record("41", EventJson.Serialize(listen)), "database is locked", 5, CancellationToken.None);
        await store.AddAsync("archive", Record("42", "{not json"u8.ToArray()), "not a contract-v1 event", 5, CancellationToken.None);

        var list = await RunAsync("dead-letters", "list", "--data-dir", _factory.DataDirectory);
        list.Exit.ShouldBe(0, list.Output);
        list.Output.ShouldContain("2 dead letter(s)");
        list.Output.ShouldContain("database is locked");

        var one = await RunAsync("dead-letters", "redrive", "--data-dir", _factory.DataDirectory, "--consumer", "profile-aggregator", "--wait", "120");
        one.Exit.ShouldBe(0, one.Output);
        one.Output.ShouldContain("redriven 1, failed again 0, still waiting 0");
        (await _factory.Services.GetRequiredService<IProfileStore>().GetAsync("redriven-listener", CancellationToken.None))!.Plays.ShouldBe(1);

        var all = await RunAsync("dead-letters", "redrive", "--data-dir", _factory.DataDirectory, "--wait", "120");
        all.Exit.ShouldBe(1, all.Output);
        all.Output.ShouldContain("redriven 0, failed again 1");
        var poison = (await store.ListAsync(null, 10, CancellationToken.None)).ShouldHaveSingleItem();
        (poison.Consumer, poison.Attempts, poison.RedriveRequested).ShouldBe(("archive", 6, false));
    }

    [Fact]
    public async Task without_a_host_the_letters_wait_for_one()
    {
        var dataDirectory = Path.Combine(_factory.DataDirectory, "idle");
        Directory.CreateDirectory(dataDirectory);
        await new SqliteDeadLetterStore(Path.Combine(dataDirectory, "consumers.db"))
            .AddAsync("hot-path", Record("7", "{}"u8.ToArray()), "throttled", 5, CancellationToken.None);

        var run = await RunAsync("dead-letters", "redrive", "--data-dir", dataDirectory, "--wait", "0");

        run.Exit.ShouldBe(3, run.Output);
        run.Output.ShouldContain("still waiting 1");
        (await RunAsync("dead-letters", "list", "--data-dir", dataDirectory)).Output.ShouldContain("1 waiting for a redrive");
    }

    [Theory]
    [InlineData("dead-letters", "redrive", "--consumer", "nobody")]
    [InlineData("dead-letters", "list", "--limit", "0")]
    [InlineData("dead-letters", "list", "--wait", "5")]
    [InlineData("dead-letters", "purge")]
    public async Task bad_input_is_one_line_and_exit_2(params string[] args)
    {
        var run = await RunAsync(args);

        run.Exit.ShouldBe(2, run.Output);
        run.Output.Trim().Split('\n').Length.ShouldBe(1, run.Output);
        run.Output.ShouldStartWith("error:");
    }

    public void Dispose() => _factory.Dispose();
}
