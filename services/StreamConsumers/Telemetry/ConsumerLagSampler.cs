using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace StreamConsumers.Telemetry;

/// <summary>
/// Reads each consumer's lag from the stream every <see cref="ConsumerOptions.LagSampleInterval"/> for the lag gauge:
/// a gauge's callback cannot wait on the stream, and a scrape should not cost a count over the stream each time.
/// </summary>
internal sealed class ConsumerLagSampler(
    IEnumerable<IStreamBatchHandler> handlers,
    IStreamReader reader,
    ConsumerMetrics metrics,
    IOptions<ConsumerOptions> options,
    ILogger<ConsumerLagSampler> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var names = handlers.Select(h => h.Name).ToList();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SampleAsync(names, stoppingToken);
                await Task.Delay(options.Value.LagSampleInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogWarning(e, "Could not read the consumers' lag; trying again");
                await Task.Delay(options.Value.LagSampleInterval, stoppingToken);
            }
        }
    }

    internal async Task SampleAsync(IReadOnlyList<string> consumers, CancellationToken cancellationToken)
    {
        foreach (var name in consumers) metrics.LagIs(name, await reader.GetLagAsync(name, cancellationToken));
    }
}
