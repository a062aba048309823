using Recommender.Core.Consumers;
using Recommender.Core.Events;
using Recommender.Core.Streaming;

namespace StreamConsumers.Handlers;

/// <summary>Turns stream records back into events; a record that is not a valid event is reported as failed, not thrown.</summary>
internal static class RecordDecoder
{
    public static (List<(StreamRecord Record, PlaybackEvent Event)> Decoded, List<BatchItemFailure> Failures) Decode(IReadOnlyList<StreamRecord> records)
    {
        var decoded = new List<(StreamRecord, PlaybackEvent)>(records.Count);
        var failures = new List<BatchItemFailure>();
        foreach (var record in records)
        {
            try
            {
                decoded.Add((record, EventJson.Deserialize(record.Data.Span)));
            }
            catch (Exception e) when (e is System.Text.Json.JsonException or InvalidOperationException or NotSupportedException)
            {
                failures.Add(new BatchItemFailure(record.SequenceNumber, $"not a contract-v1 event: {e.Message}"));
            }
        }
        return (decoded, failures);
    }

    /// <summary>
    /// Runs the batch's sink over the decoded events; if the sink fails, every one of them is reported failed, unless it
    /// names the events it refused (<see cref="Recommender.Core.Recommendations.EventsRefusedException"/>): then only their records fail.
    /// A storage fault (<see cref="StorageFaults"/>) is thrown on: it fails the batch whole, to be retried, not its records.
    /// </summary>
    public static async Task<BatchResult> HandleAsync(
        IReadOnlyList<StreamRecord> records,
        Func<IReadOnlyList<PlaybackEvent>, Task> sink)
    {
        var (decoded, failures) = Decode(records);
        if (decoded.Count > 0)
        {
            try
            {
                await sink(decoded.Select(d => d.Event).ToList());
            }
            catch (Recommender.Core.Recommendations.EventsRefusedException refused)
            {
                var errors = refused.Refused.GroupBy(r => (r.UserId, r.EventId)).ToDictionary(g => g.Key, g => g.First().Error);
                foreach (var (record, e) in decoded)
                    if (errors.TryGetValue((e.UserId, e.EventId), out var error)) failures.Add(new BatchItemFailure(record.SequenceNumber, error));
            }
            catch (Exception e) when (e is not OperationCanceledException && !StorageFaults.Is(e))
            {
                failures.AddRange(decoded.Select(d => new BatchItemFailure(d.Record.SequenceNumber, e.Message)));
            }
        }
        return failures.Count == 0 ? BatchResult.Success : new BatchResult(failures);
    }
}
