using Recommender.Core.Events;
using Recommender.Core.Streaming;
using Recommender.Hosting;

namespace Ingestion.Api;

/// <summary>POST /v1/events: validate a batch with the contract, put it on the stream, acknowledge only then.</summary>
public static class IngestionEndpoints
{
    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/events", PostEvents)
            .AddEndpointFilter<ApiKeyFilter>()
            .WithName("PostEvents")
            .WithTags("Ingestion")
            .WithSummary("Ingest 1-500 listening events (a JSON array or {\"events\": [...]}, at most 1 MiB)")
            .Accepts<IReadOnlyList<PlaybackEvent>>("application/json")
            .Produces<EventsAccepted>(StatusCodes.Status202Accepted)
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status429TooManyRequests)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<IResult> PostEvents(
        HttpContext context, IEventStream stream, AppendSlots slots, TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!request.HasJsonContentType())
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
                detail: "send the events as application/json");

        using var body = await RequestBody.ReadAsync(request, EventContract.MaxRequestBytes, cancellationToken);
        if (body is null)
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
                detail: $"a request is at most {EventContract.MaxRequestBytes} bytes");

        var parsed = EventBatchParser.Parse(body.Span, clock.GetUtcNow());
        if (!parsed.IsValid)
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The events are invalid; none were accepted",
                detail: $"{parsed.Errors.Count} problem(s); see errors",
                extensions: new Dictionary<string, object?> { ["errors"] = parsed.Errors });

        var events = new PlaybackEvent[parsed.Events.Count];
        for (var i = 0; i < events.Length; i++) events[i] = SessionIds.EnsureSession(parsed.Events[i]);

        using var slot = await slots.TryEnterAsync(cancellationToken);
        if (slot is null)
            return Problems.Unavailable(context, StatusCodes.Status503ServiceUnavailable, slots.RetryAfter,
                "the ingestion API is at its limit of concurrent appends; retry the same batch later");
        try
        {
            var result = await stream.AppendAsync(events, cancellationToken);
            return TypedResults.Json(new EventsAccepted(events.Length, result.Duplicates), statusCode: StatusCodes.Status202Accepted);
        }
        catch (StreamUnavailableException e)
        {
            loggers.CreateLogger(typeof(IngestionEndpoints)).LogWarning("The stream refused a batch of {Count} events: {Reason}", events.Length, e.Message);
            return Problems.Unavailable(context,
                e.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable,
                e.RetryAfter, "the event stream cannot take the batch now; retry the same batch later (events are de-duplicated by user_id and event_id)");
        }
    }
}

/// <param name="Accepted">Events of the request now durably on the stream.</param>
/// <param name="Duplicates">Of those, events the stream already held (same user_id and event_id within the de-duplication window).</param>
public sealed record EventsAccepted(int Accepted, int Duplicates);
