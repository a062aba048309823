using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Sqs;
using Recommender.Core.Configuration;
using Recommender.Core.Consumers;
using Recommender.Hosting;

namespace Recommender.AllInOne.Commands;

/// <summary>
/// <c>dead-letters list|redrive [--data-dir D] [--consumer NAME]</c>: the records the consumers gave up on. <c>list</c> shows
/// them; <c>redrive</c> asks the consumers to take them again and waits (<c>--wait</c> seconds) for the host serving the data
/// folder to do it: exit 0 when every letter went through, 1 when some failed again (they stay, with one more attempt),
/// 3 when some are still waiting (no host serving? they are redriven when one starts), 2 on bad input. In aws mode with
/// Aws:Sqs:DeadLetterQueueUrls set the same verbs work on the Lambda consumers' on-failure queues (<see cref="DeadLetterQueueVerbs"/>).
/// </summary>
public static class DeadLettersCommand
{
    public const int StillWaiting = 3;
    private static readonly string[] Consumers = ["hot-path", "profile-aggregator", "archive"];

    /// <param name="settings">Settings over the environment's (tests pass the peers' endpoints here).</param>
    public static Command Create(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var command = new Command("dead-letters", "List the records the stream consumers gave up on, or redrive them");
        command.Subcommands.Add(CreateList(settings));
        command.Subcommands.Add(CreateRedrive(settings));
        return command;
    }

    private static Command CreateList(IReadOnlyDictionary<string, string?>? settings)
    {
        var (dataDir, consumer) = CommonOptions();
        var limit = new Option<int>("--limit") { Description = "show at most this many letters, oldest first", DefaultValueFactory = _ => 100, HelpName = "N" };
        limit.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 1 or > 100_000) r.AddError("--limit must be 1 to 100000"); });
        var command = new Command("list", "Show the dead letters: consumer, shard, sequence number, attempts, when, why, and the record")
        {
            dataDir, consumer, limit,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (await UnknownArgumentAsync(parse) is { } bad) return bad;
            var configuration = Settings(parse.GetValue(dataDir)!, settings);
            await using var services = Compose(configuration);
            if (await MissingDataFolderAsync(parse, services, parse.GetValue(dataDir)!) is { } missing) return missing;
            if (await QueuesAsync(parse, services, parse.GetValue(consumer)) is var (queues, refused))
                return refused ?? await DeadLetterQueueVerbs.ListAsync(queues, parse.GetValue(limit), output, cancellationToken);
            var letters = await services.GetRequiredService<IDeadLetterStore>().ListAsync(parse.GetValue(consumer), parse.GetValue(limit), cancellationToken);
            foreach (var letter in letters)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{letter.Consumer,-18} {letter.ShardId} {letter.SequenceNumber,-10} attempts {letter.Attempts,-3} {letter.FailedAt:yyyy-MM-dd HH:mm:ss}Z{(letter.RedriveRequested ? " (redrive asked)" : "")}  {letter.Error}"));
                await output.WriteLineAsync($"    {Shorten(letter.DataText)}");
            }
            await output.WriteLineAsync($"{letters.Count} dead letter(s){(letters.Count(l => l.RedriveRequested) is > 0 and var asked ? $", {asked} waiting for a redrive" : "")}");
            return 0;
        });
        return command;
    }

    private static Command CreateRedrive(IReadOnlyDictionary<string, string?>? settings)
    {
        var (dataDir, consumer) = CommonOptions();
        var wait = new Option<int>("--wait") { Description = "seconds to wait for the serving host to take them (0: ask and return)", DefaultValueFactory = _ => 30, HelpName = "SECONDS" };
        wait.Validators.Add(r => { if (r.GetValueOrDefault<int>() is < 0 or > 3600) r.AddError("--wait must be 0 to 3600 seconds"); });
        var command = new Command("redrive", "Hand the dead letters back to their consumers (in the host serving the data folder) and report what went through")
        {
            dataDir, consumer, wait,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var output = parse.InvocationConfiguration.Output;
            if (await UnknownArgumentAsync(parse) is { } bad) return bad;
            var configuration = Settings(parse.GetValue(dataDir)!, settings);
            await using var services = Compose(configuration);
            if (await MissingDataFolderAsync(parse, services, parse.GetValue(dataDir)!) is { } missing) return missing;
            if (await QueuesAsync(parse, services, parse.GetValue(consumer)) is var (queues, refused))
                return refused ?? await DeadLetterQueueVerbs.RedriveAsync(queues, configuration, output, parse.InvocationConfiguration.Error, cancellationToken);
            var store = services.GetRequiredService<IDeadLetterStore>();
            var only = parse.GetValue(consumer);
            var asked = (await store.ListAsync(only, int.MaxValue, cancellationToken)).Select(Key).ToHashSet();
            await store.RequestRedriveAsync(only, cancellationToken);
            await output.WriteLineAsync($"asked the consumers to redrive {asked.Count} dead letter(s)");
            var time = services.GetService<TimeProvider>() ?? TimeProvider.System;
            var deadline = time.GetUtcNow().AddSeconds(parse.GetValue(wait));
            while (true)
            {
                var now = (await store.ListAsync(only, int.MaxValue, cancellationToken)).Where(l => asked.Contains(Key(l))).ToList();
                var waiting = now.Count(l => l.RedriveRequested);
                if (waiting == 0 || time.GetUtcNow() >= deadline)
                {
                    var failed = now.Where(l => !l.RedriveRequested).ToList();
                    foreach (var letter in failed) await output.WriteLineAsync($"failed again: {letter.Consumer} {letter.ShardId} {letter.SequenceNumber}: {letter.Error}");
                    await output.WriteLineAsync($"redriven {asked.Count - now.Count}, failed again {failed.Count}, still waiting {waiting}" +
                        (waiting > 0 ? " (is a host serving this data folder? they are redriven when one runs)" : ""));
                    return failed.Count > 0 ? 1 : waiting > 0 ? StillWaiting : 0;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken);
            }
        });
        return command;
    }

    private static (Option<string> DataDir, Option<string?> Consumer) CommonOptions()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "the data folder whose consumers.db holds the letters", DefaultValueFactory = _ => DataFolder.Default, HelpName = "DIR" };
        dataDir.Validators.Add(r => { if (string.IsNullOrWhiteSpace(r.GetValueOrDefault<string>())) r.AddError("--data-dir must name a folder"); });
        var consumer = new Option<string?>("--consumer") { Description = "only this consumer's letters", HelpName = "NAME" };
        consumer.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<string?>() is { } name && !Consumers.Contains(name))
                r.AddError($"--consumer must be one of {string.Join(", ", Consumers)}; got \"{name}\"");
        });
        return (dataDir, consumer);
    }

    /// <summary>The environment's settings (Recommender__Mode, Aws__...), over the data folder.</summary>
    private static IConfiguration Settings(string dataDirectory, IReadOnlyDictionary<string, string?>? settings) =>
        new ConfigurationBuilder().AddEnvironmentVariables()
            .AddInMemoryCollection(new Dictionary<string, string?> { [PlatformAdapters.DataDirectoryKey] = Path.GetFullPath(dataDirectory) })
            .AddInMemoryCollection(settings ?? new Dictionary<string, string?>())
            .Build();

    /// <summary>The platform adapters of the configured mode (Local unless Recommender__Mode says otherwise).</summary>
    private static ServiceProvider Compose(IConfiguration configuration)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformAdapters(configuration);
        return services.BuildServiceProvider();
    }

    /// <summary>
    /// The on-failure queues the verbs work on (aws mode with Aws:Sqs:DeadLetterQueueUrls), else null for the letter table;
    /// a --consumer without a queue there is refused (exit 2).
    /// </summary>
    private static async Task<(IReadOnlyList<KinesisDeadLetterQueue> Queues, int? Refused)?> QueuesAsync(ParseResult parse, IServiceProvider services, string? only)
    {
        var all = services.GetServices<KinesisDeadLetterQueue>().ToList();
        if (all.Count == 0) return null;
        var chosen = all.Where(q => only is null || q.Consumer == only).ToList();
        if (chosen.Count > 0) return (chosen, null);
        return ([], await CommandFailure.FailAsync(parse.InvocationConfiguration.Error, CommandFailure.BadInput,
            $"no dead-letter queue for {only}: set Aws:Sqs:DeadLetterQueueUrls:{only} (the stack's deadLetterQueueUrls output)"));
    }

    /// <summary>The root lets unknown tokens through (serve takes --Section:Key=value); these verbs take none.</summary>
    private static async Task<int?> UnknownArgumentAsync(ParseResult parse)
    {
        if (parse.UnmatchedTokens.Count == 0) return null;
        await parse.InvocationConfiguration.Error.WriteLineAsync($"error: unknown argument \"{parse.UnmatchedTokens[0]}\" (see --help)");
        return CommandFailure.BadInput;
    }

    /// <summary>Locally the letters are in the data folder: one that is not there is an error, not an empty list.</summary>
    private static async Task<int?> MissingDataFolderAsync(ParseResult parse, IServiceProvider services, string dataDirectory)
    {
        if (services.GetRequiredService<PlatformMode>() != PlatformMode.Local || CommandFailure.MissingDataFolder(dataDirectory) is not { } missing) return null;
        return await CommandFailure.FailAsync(parse.InvocationConfiguration.Error, CommandFailure.BadInput, missing);
    }

    private static (string, string, string) Key(DeadLetter letter) => (letter.Consumer, letter.ShardId, letter.SequenceNumber);

    private static string Shorten(string text) => (text.Length <= 160 ? text : text[..160] + "…").ReplaceLineEndings(" ");
}
