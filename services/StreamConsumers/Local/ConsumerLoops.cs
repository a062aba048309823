using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;
using StreamConsumers.Telemetry;

namespace StreamConsumers.Local;

/// <summary>Hosts every chosen consumer on every shard of the stream: the local stand-in for Lambda event source mappings.</summary>
internal sealed class ConsumerLoops(
    IEnumerable<IStreamBatchHandler> handlers,
    IStreamReader reader,
    IDeadLetterStore deadLetters,
    IOptions<ConsumerOptions> options,
    TimeProvider time,
    ConsumerMetrics metrics,
    ILoggerFactory loggers) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var shards = await reader.ListShardsAsync(stoppingToken);
        var logger = loggers.CreateLogger<ConsumerLoops>();
        var runs = new List<Task>();
        foreach (var handler in handlers)
        {
            foreach (var shard in shards)
            {
                var consumer = new ShardConsumer(handler, shard, reader, deadLetters, settings, WaitForRecords, logger, metrics, time);
                runs.Add(Task.Run(() => consumer.RunAsync(stoppingToken), stoppingToken));
            }
            var redrive = new DeadLetterRedrive(handler, deadLetters, time, logger);
            runs.Add(Task.Run(() => redrive.RunAsync(settings.RedrivePoll, stoppingToken), stoppingToken));
            logger.LogInformation("Consumer {Consumer} running on {Shards} shards", handler.Name, shards.Count);
        }
        await Task.WhenAll(runs);
    }

    private Task WaitForRecords(TimeSpan wait, CancellationToken cancellationToken) =>
        reader is IAppendSignal signal
            ? signal.WaitForAppendAsync(wait, cancellationToken)
            : Task.Delay(wait, cancellationToken);
}
