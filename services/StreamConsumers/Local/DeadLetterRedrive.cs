using Microsoft.Extensions.Logging;
using Recommender.Core.Consumers;

namespace StreamConsumers.Local;

/// <summary>
/// Takes the dead letters a person asked to redrive (the <c>dead-letters redrive</c> verb) back to the consumer that gave
/// up on them, in the process that serves: the hot path feeds the live engine, not a copy. A letter whose record goes
/// through is removed; one that fails again is written back with one more attempt and its new error.
/// </summary>
internal sealed class DeadLetterRedrive(IStreamBatchHandler handler, IDeadLetterStore deadLetters, TimeProvider time, ILogger logger)
{
    private const int BatchSize = 100;

    /// <summary>Redrives one batch of requested letters; returns how many it took (0 when none waited).</summary>
    public async Task<int> RedriveOnceAsync(CancellationToken cancellationToken)
    {
        var letters = await deadLetters.ListRedriveRequestsAsync(handler.Name, BatchSize, cancellationToken);
        if (letters.Count == 0) return 0;
        var records = letters.Select(l => l.ToRecord(time.GetUtcNow())).ToList();
        IReadOnlyList<BatchItemFailure> failures;
        try
        {
            failures = (await handler.HandleAsync(records, cancellationToken)).BatchItemFailures;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            failures = records.Select(r => new BatchItemFailure(r.SequenceNumber, e.Message)).ToList();
        }
        var failed = failures.GroupBy(f => f.ItemIdentifier, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Error, StringComparer.Ordinal);
        foreach (var (letter, record) in letters.Zip(records))
        {
            if (failed.TryGetValue(letter.SequenceNumber, out var error))
            {
                await deadLetters.AddAsync(handler.Name, record, error, letter.Attempts + 1, cancellationToken);
                logger.LogWarning("Consumer {Consumer} failed the redriven record {Sequence} of {Shard} again: {Error}",
                    handler.Name, letter.SequenceNumber, letter.ShardId, error);
            }
            else
            {
                await deadLetters.RemoveAsync(letter, cancellationToken);
                logger.LogInformation("Consumer {Consumer} took the redriven record {Sequence} of {Shard}", handler.Name, letter.SequenceNumber, letter.ShardId);
            }
        }
        return letters.Count;
    }

    public async Task RunAsync(TimeSpan poll, CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (await RedriveOnceAsync(stoppingToken) == 0) await Task.Delay(poll, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError(e, "Consumer {Consumer} could not read its dead letters; trying again", handler.Name);
                await Task.Delay(poll, time, stoppingToken);
            }
        }
    }
}
