using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Access;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;
using Recommender.Hosting.Security;

namespace StreamConsumers.Lambda;

/// <summary>
/// POST /events: the Kinesis batch Lambda hands the function (the AWS Lambda Web Adapter forwards
/// non-HTTP events to this path). Each record becomes a <see cref="StreamRecord"/>, the consumers this
/// function runs (AddStreamConsumers chose them) handle the batch, and the answer lists the sequence numbers
/// that failed in any of them, lowest first: Lambda retries from the lowest and the handlers are idempotent on
/// (user_id, event_id). A bad record is never a 4xx but its sequence number in the list: in pass-through mode the
/// adapter drops the status, and a body without failures means "all succeeded". What cannot be pinned on a record
/// (a body that is no Kinesis event) is a 500, which AWS_LWA_ERROR_STATUS_CODES turns into a failed invocation:
/// Lambda retries and bisects the batch, then sends it to the on-failure destination.
/// </summary>
public static class KinesisEventEndpoint
{
    public const string Path = "/events";

    /// <summary>Lambda's limit for a synchronous invocation's payload (6 MB), above the 1 MiB every other endpoint takes.</summary>
    public const long MaxEventBytes = 6 * 1024 * 1024;

    public static IEndpointRouteBuilder MapKinesisEvents(this IEndpointRouteBuilder app)
    {
        // not a client API: Lambda's Kinesis batches through the Web Adapter, so it stays out of the OpenAPI document;
        // only Lambda's event source mapping calls it on AWS, and locally posting stream records needs an admin key
        app.MapPost(Path, HandleAsync).DisableAntiforgery().WithName("LambdaKinesisEvents").ExcludeFromDescription()
            .RequireApiScope(ApiScopes.Admin).AcceptLambdaEvents().WithMetadata(new RequestSizeLimitAttribute(MaxEventBytes));
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
            return Unreadable("The body is not a Kinesis event", e.Message);
        }
        if (kinesisEvent?.Records is not { } records)
            return Unreadable("The body is not a Kinesis event", "expected an object with a \"Records\" array");

        var (batch, failed, problems) = ToStreamRecords(records, clock.GetUtcNow());
        if (problems.Count > 0)
            return Unreadable("The Kinesis event has records without a sequence number", string.Join("; ", problems));

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

    // a 5xx, never a 4xx: the adapter fails the invocation only on AWS_LWA_ERROR_STATUS_CODES (500-599), and drops any other status
    private static IResult Unreadable(string title, string detail) =>
        Results.Problem(title: title, detail: detail, statusCode: StatusCodes.Status500InternalServerError);

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
