using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Adapters.Aws.Sqs;
using Recommender.Core.Consumers;
using Recommender.Hosting;
using StreamConsumers;

namespace Recommender.AllInOne.Commands;

/// <summary>
/// <c>dead-letters list|redrive</c> in aws mode with Aws:Sqs:DeadLetterQueueUrls set: the Lambda consumers' on-failure queues.
/// Here the command itself redrives (there is no serving host to ask): each message's batch is read back from Kinesis and
/// handed to the consumer whose queue it is, built as its Lambda function builds it (AddStreamConsumers with
/// Consumers:Enabled naming that one consumer).
/// </summary>
internal static class DeadLetterQueueVerbs
{
    public static async Task<int> ListAsync(IReadOnlyList<KinesisDeadLetterQueue> queues, int limit, TextWriter output, CancellationToken cancellationToken)
    {
        var total = 0;
        foreach (var queue in queues)
        {
            var messages = await queue.PeekAsync(limit, cancellationToken);
            foreach (var m in messages)
            {
                await output.WriteLineAsync(m.Batch is { } b
                    ? string.Create(CultureInfo.InvariantCulture,
                        $"{m.Consumer,-18} {b.ShardId} {b.StartSequenceNumber}..{b.EndSequenceNumber} batch of {b.BatchSize} {b.Condition} first arrival {b.FirstArrival:yyyy-MM-dd HH:mm:ss}Z  message {m.MessageId}")
                    : $"{m.Consumer,-18} unreadable message {m.MessageId}: {m.Problem}");
            }
            total += messages.Count;
        }
        await output.WriteLineAsync($"{total} dead-lettered batch(es) in {queues.Count} queue(s)");
        return 0;
    }

    /// <summary>Exit 0 when every message was redriven and deleted, 1 when any stayed (each named on its line).</summary>
    public static async Task<int> RedriveAsync(IReadOnlyList<KinesisDeadLetterQueue> queues, IConfiguration configuration, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var kept = 0;
        foreach (var queue in queues)
        {
            await using var consumer = ComposeConsumer(configuration, queue.Consumer);
            if (consumer.GetServices<IStreamBatchHandler>().SingleOrDefault(h => h.Name == queue.Consumer) is not { } handler)
            {
                await error.WriteLineAsync($"error: the {queue.Consumer} consumer has no sink configured here (the archive needs Aws:S3:ArchiveBucket); its queue was not touched");
                return CommandFailure.BadInput;
            }
            var summary = await queue.RedriveAsync(handler, output, cancellationToken);
            await output.WriteLineAsync($"{queue.Consumer}: {summary}");
            kept += summary.Kept;
        }
        return kept > 0 ? 1 : 0;
    }

    /// <summary>The one consumer, with the adapters of the configuration, as its Lambda function has them.</summary>
    private static ServiceProvider ComposeConsumer(IConfiguration configuration, string consumer)
    {
        var only = new ConfigurationBuilder().AddConfiguration(configuration)
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Consumers:Enabled"] = consumer }).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformAdapters(only);
        services.AddStreamConsumers(only);
        return services.BuildServiceProvider();
    }
}
