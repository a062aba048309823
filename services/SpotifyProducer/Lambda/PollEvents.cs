using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Core.SpotifyLinks;
using Recommender.Hosting.Security;
using SpotifyProducer.Polling;

namespace SpotifyProducer.Lambda;

/// <summary>
/// POST /events: what Lambda hands the producer's functions through the Web Adapter's pass-through path. The schedule's
/// {"action":"fan-out","scheduled_time":…} puts one poll per due account on the queue (<see cref="ISpotifyPollQueue"/>);
/// an SQS batch ({"Records":[…]}, each body {"user_id"}) polls those accounts and answers the failed ones as
/// batchItemFailures, so SQS redelivers them and, past the queue's maxReceiveCount, moves them to its dead-letter queue.
/// A throttled or relink-required account is not a failure: it is recorded on its link and skipped until due.
/// </summary>
public static class PollEvents
{
    public const string Path = "/events";

    public static IEndpointRouteBuilder MapPollEvents(this IEndpointRouteBuilder app)
    {
        // not a client API: the schedule and SQS through the Web Adapter
        app.MapPost(Path, HandleAsync).AcceptLambdaEvents().DisableAntiforgery().WithName("SpotifyPollEvents").ExcludeFromDescription();
        return app;
    }

    internal static async Task<IResult> HandleAsync(HttpRequest request, IServiceProvider services, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        JsonElement body;
        try
        {
            body = (await JsonDocument.ParseAsync(request.Body, cancellationToken: cancellationToken)).RootElement;
        }
        catch (JsonException e)
        {
            return Unreadable(e.Message);
        }
        var log = loggers.CreateLogger(typeof(PollEvents));
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
            return Results.Json(await PollBatchAsync(records, services.GetRequiredService<LinkedAccountPoller>(), log, cancellationToken), PollEventsJson.Default.SqsBatchResponse);
        if (body.ValueKind == JsonValueKind.Object && body.TryGetProperty("action", out var action) && action.ValueEquals("fan-out"))
        {
            if (services.GetService<ISpotifyPollQueue>() is not { } queue)
                return Unreadable("no poll queue is configured (Aws:Sqs:SpotifyPollQueueUrl): this function cannot fan out");
            var round = services.GetRequiredService<PollingRound>();
            var time = services.GetRequiredService<TimeProvider>();
            var roundId = body.TryGetProperty("scheduled_time", out var at) && at.ValueKind == JsonValueKind.String ? at.GetString()! : time.GetUtcNow().ToString("yyyy-MM-ddTHH:mm", null);
            var due = await round.DueAsync(cancellationToken);
            await queue.EnqueueAsync(due, roundId, cancellationToken);
            log.LogInformation("Spotify polling round {Round}: {Count} accounts enqueued", roundId, due.Count);
            return Results.Json(new FanOutAnswer("fan-out", roundId, due.Count), PollEventsJson.Default.FanOutAnswer);
        }
        return Unreadable("expected an SQS event ({\"Records\": [...]}) or {\"action\": \"fan-out\"}");
    }

    /// <summary>
    /// Each record's account polled in order. A failure fails the later records of the same message group too, unpolled,
    /// as Lambda asks of FIFO queues; other groups (other accounts) go on.
    /// </summary>
    private static async Task<SqsBatchResponse> PollBatchAsync(JsonElement records, LinkedAccountPoller poller, ILogger log, CancellationToken cancellationToken)
    {
        var failures = new List<SqsBatchItemFailure>();
        var failedGroups = new HashSet<string>(StringComparer.Ordinal);
        foreach (var record in records.EnumerateArray())
        {
            var messageId = record.TryGetProperty("messageId", out var id) ? id.GetString() ?? "" : "";
            var group = record.TryGetProperty("attributes", out var attributes) && attributes.TryGetProperty("MessageGroupId", out var g) ? g.GetString() ?? "" : "";
            if (failedGroups.Contains(group))
            {
                failures.Add(new SqsBatchItemFailure(messageId));
                continue;
            }
            string? error;
            try
            {
                var message = JsonSerializer.Deserialize(record.GetProperty("body").GetString() ?? "", PollEventsJson.Default.PollRequest);
                if (message?.UserId is not { Length: > 0 } userId) error = "the message names no user_id";
                else
                {
                    var result = await poller.PollAsync(userId, cancellationToken);
                    error = result.Outcome == PollOutcome.Failed ? result.Error ?? "the poll failed" : null;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // an unreadable message, or the link store or the cipher failed: this message comes back (and ends in the dead-letter queue)
                error = e.Message;
            }
            if (error is null) continue;
            log.LogWarning("Spotify poll message {MessageId} failed: {Error}", messageId, error);
            failures.Add(new SqsBatchItemFailure(messageId));
            failedGroups.Add(group);
        }
        return new SqsBatchResponse(failures);
    }

    // a 5xx: AWS_LWA_ERROR_STATUS_CODES makes it a failed invocation, which Lambda retries
    private static IResult Unreadable(string detail) =>
        Results.Problem(title: "The body is not an event this function takes", detail: detail, statusCode: StatusCodes.Status500InternalServerError);
}

public sealed record PollRequest([property: JsonPropertyName("user_id")] string? UserId);

public sealed record FanOutAnswer(string Action, string Round, int Enqueued);

/// <summary>Lambda's partial batch response: the failed messages' ids.</summary>
public sealed record SqsBatchResponse([property: JsonPropertyName("batchItemFailures")] IReadOnlyList<SqsBatchItemFailure> BatchItemFailures);

public sealed record SqsBatchItemFailure([property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(PollRequest))]
[JsonSerializable(typeof(FanOutAnswer))]
[JsonSerializable(typeof(SqsBatchResponse))]
internal sealed partial class PollEventsJson : JsonSerializerContext;
