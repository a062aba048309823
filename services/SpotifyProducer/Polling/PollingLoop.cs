using Microsoft.Extensions.Options;

namespace SpotifyProducer.Polling;

/// <summary>The hosted producer on one machine: a polling round every <see cref="SpotifyProducerOptions.PollInterval"/>, the first at start.</summary>
public sealed class PollingLoop(PollingRound round, IOptions<SpotifyProducerOptions> options, TimeProvider time, ILogger<PollingLoop> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Configured) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var summary = await round.RunAsync(stoppingToken);
                if (summary.Results.Count > 0)
                    log.LogInformation("Spotify polling round: {Accounts} accounts, {Posted} plays posted, {Throttled} throttled, {Failed} failed",
                        summary.Results.Count, summary.Posted, summary.Count(PollOutcome.Throttled), summary.Count(PollOutcome.Failed));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The link store itself failed; the next round tries again.
                log.LogError(e, "Spotify polling round failed");
            }
            await Task.Delay(options.Value.PollInterval, time, stoppingToken);
        }
    }
}
