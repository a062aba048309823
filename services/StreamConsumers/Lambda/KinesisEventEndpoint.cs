using System.Text.Json;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace StreamConsumers.Lambda;

/// <summary>
/// POST /events: the Kinesis batch Lambda hands the function (the AWS Lambda Web Adapter forwards
/// non-HTTP events to this path). Each record becomes a <see cref="StreamRecord"/>, every registered
/// <see cref="IStreamBatchHandler"/> handles the batch, and the answer lists the sequence numbers that
/// failed in any handler, lowest first: Lambda retries from the lowest and the handlers are idempotent
/// on (user_id, event_id). A record whose data is not base64 fails by itself; a body that is no Kinesis event is a 400.
/// </summary>
public static class KinesisEventEndpoint
{
    public const string Path = "/events";

    public static IEndpointRouteBuilder MapKinesisEvents(this IEndpointRouteBuilder app)
    {
        // not a client API: Lambda's Kinesis batches through the Web Adapter, so it stays out of the OpenAPI document
        app.MapPost(Path, HandleAsync).DisableAntiforgery().WithName("LambdaKinesisEvents").ExcludeFromDescription();
        return app;
    }

    internal static async Task<IResult> HandleAsync(HttpRequest request, IEnumerable<IStreamBatchHandler> handlers, TimeProvider clock, ILoggerFactory loggers,
        CancellationToken cancellationToken)
    {
        KinesisEvent? kinesisEvent;
        try
        {
            kinesisEvent = await JsonSerializer.DeserializeAsync(request.Body, KinesisEventJsonContext.Default.KinesisEvent, cancellationToken);
        }
        catch (JsonException e)
        {
            return Results.Problem(title: "The body is not a Kinesis event", detail: e.Message, statusCode: StatusCodes.Status400BadRequest);
        }
        if (kinesisEvent?.Records is not { } records)
            return Results.Problem(title: "The body is not a Kinesis event", detail: "expected an object with a \"Records\" array", statusCode: StatusCodes.Status400BadRequest);

        var (batch, failed, problems) = ToStreamRecords(records, clock.GetUtcNow());
        if (problems.Count > 0)
            return Results.Problem(title: "The Kinesis event has records without a sequence number", detail: string.Join("; ", problems), statusCode: StatusCodes.Status400BadRequest);

        var logger = loggers.CreateLogger(typeof(KinesisEventEndpoint));
        if (batch.Count > 0)
        {
            foreach (var handler in handlers)
            {
                var result = await handler.HandleAsync(batch, cancellationToken);
                foreach (var failure in result.BatchItemFailures)
                {
                    logger.LogWarning("{Consumer} failed record {Sequence}: {Error}", handler.Name, failure.ItemIdentifier, failure.Error);
                    failed.Add(failure.ItemIdentifier);
                }
            }
        }
        var response = new KinesisBatchResponse(failed.Order(Comparer<string>.Create(SequenceNumbers.Compare)).Select(s => new KinesisBatchItemFailure(s)).ToList());
        return Results.Json(response, KinesisEventJsonContext.Default.KinesisBatchResponse);
    }

    /// <summary>Maps the records; those whose data does not decode are failed at once.</summary>
    internal static (List<StreamRecord> Batch, HashSet<string> Failed, List<string> Problems) ToStreamRecords(IReadOnlyList<KinesisEventRecord> records, DateTimeOffset receivedAt)
    {
        var batch = new List<StreamRecord>(records.Count);
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var problems = new List<string>();
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            if (record.Kinesis?.SequenceNumber is not { Length: > 0 } sequence)
            {
                problems.Add($"Records[{i}].kinesis.sequenceNumber is missing");
                continue;
            }
            byte[] data;
            try
            {
                data = Convert.FromBase64String(record.Kinesis.Data ?? "");
            }
            catch (FormatException)
            {
                failed.Add(sequence);
                continue;
            }
            batch.Add(new StreamRecord(
                ShardId(record),
                sequence,
                record.Kinesis.PartitionKey ?? "",
                data,
                record.Kinesis.ApproximateArrivalTimestamp is { } seconds
                    ? DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(seconds * 1000))
                    : receivedAt));
        }
        return (batch, failed, problems);
    }

    /// <summary>The eventID is "{shardId}:{sequenceNumber}".</summary>
    private static string ShardId(KinesisEventRecord record) =>
        record.EventId is { } id && id.IndexOf(':') is > 0 and var colon ? id[..colon] : "unknown-shard";
}
