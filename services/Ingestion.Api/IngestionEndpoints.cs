using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;
using Recommender.Core.Access;
using Recommender.Core.Events;
using Recommender.Core.Streaming;
using Recommender.Hosting;
using Recommender.Hosting.Security;

namespace Ingestion.Api;

/// <summary>POST /v1/events: validate a batch with the contract, put it on the stream, acknowledge only then.</summary>
public static class IngestionEndpoints
{
    public static IEndpointRouteBuilder MapIngestionApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/v1/events", PostEvents)
            .RequireApiScope(ApiScopes.Ingest)
            .WithName("PostEvents")
            .WithTags("Ingestion")
            .WithSummary("Ingest 1-500 listening events (a JSON array or {\"events\": [...]}, at most 1 MiB)")
            .WithDescription("202 only once every event is durably on the stream. An invalid event gets 400 naming each bad field and " +
                "its index in the batch, and nothing of the request is kept. 429/503 come with Retry-After: send the same batch again " +
                "(events are de-duplicated by event_id).")
            .Accepts<IReadOnlyList<PlaybackEvent>>("application/json")
            .AddOpenApiOperationTransformer(EventSchemaDocumentation.DescribeBatch)
            .ProducesProblems(StatusCodes.Status400BadRequest, StatusCodes.Status413PayloadTooLarge, StatusCodes.Status415UnsupportedMediaType,
                StatusCodes.Status429TooManyRequests, StatusCodes.Status503ServiceUnavailable);
        return app;
    }

    private static async Task<Results<Accepted<EventsAccepted>, ProblemHttpResult>> PostEvents(
        HttpContext context, IEventStream stream, AppendSlots slots, IOptions<IngestionOptions> options, TimeProvider clock, ILoggerFactory loggers,
        IngestionMetrics metrics, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (!RequestBody.IsUtf8Json(request))
        {
            metrics.Rejected("unsupported_media_type");
            return Problems.UnsupportedMediaType("send the events as application/json in UTF-8 (charset=utf-8 or no charset)");
        }

        using var body = await RequestBody.ReadAsync(request, EventContract.MaxRequestBytes, cancellationToken);
        if (body is null)
        {
            metrics.Rejected("too_large");
            return Problems.PayloadTooLarge($"a request is at most {EventContract.MaxRequestBytes} bytes");
        }

        var parsed = EventBatchParser.Parse(body.Span, clock.GetUtcNow(), options.Value.MaxEventAge);
        if (!parsed.IsValid)
        {
            metrics.Rejected("invalid");
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The events are invalid; none were accepted",
                detail: $"{parsed.Errors.Count} problem(s); see errors",
                extensions: new Dictionary<string, object?> { ["errors"] = parsed.Errors });
        }

        if (ForeignEvents(context, parsed.Events) is { } forbidden) return forbidden;

        using var slot = await slots.TryEnterAsync(cancellationToken);
        if (slot is null)
        {
            metrics.Rejected("overloaded");
            return Problems.Unavailable(context, StatusCodes.Status503ServiceUnavailable, slots.RetryAfter,
                "the ingestion API is at its limit of concurrent appends; retry the same batch later");
        }
        try
        {
            var started = clock.GetTimestamp();
            var result = await EventIntake.AppendAsync(stream, parsed.Events, cancellationToken);
            metrics.Appended(clock.GetElapsedTime(started));
            metrics.Accepted(parsed.Events.Count, result.Duplicates);
            return TypedResults.Accepted((string?)null, new EventsAccepted(parsed.Events.Count, result.Duplicates));
        }
        catch (StreamUnavailableException e)
        {
            metrics.Rejected(e.Throttled ? "throttled" : "overloaded");
            loggers.CreateLogger(typeof(IngestionEndpoints)).LogWarning("The stream refused a batch of {Count} events: {Reason}", parsed.Events.Count, e.Message);
            return Problems.Unavailable(context,
                e.Throttled ? StatusCodes.Status429TooManyRequests : StatusCodes.Status503ServiceUnavailable,
                e.RetryAfter, "the event stream cannot take the batch now; retry the same batch later (events are de-duplicated by user_id and event_id)");
        }
    }

    /// <summary>A key bound to a user posts that user's events only: 403 naming each event of another user, and none is kept.</summary>
    private static ProblemHttpResult? ForeignEvents(HttpContext context, IReadOnlyList<PlaybackEvent> events)
    {
        if (context.ApiCaller() is not { UserId: { } own } caller) return null;
        var errors = new List<FieldError>();
        for (var i = 0; i < events.Count && errors.Count < 20; i++)
            if (!caller.MayActFor(events[i].UserId))
                errors.Add(new FieldError(i, "user_id", $"is \"{events[i].UserId}\"; this key may only post events of user \"{own}\""));
        return errors.Count == 0 ? null
            : Problems.Forbidden($"this key is bound to user \"{own}\"; the batch has events of another user; none were accepted", errors);
    }
}

/// <param name="Accepted">Events of the request now durably on the stream.</param>
/// <param name="Duplicates">Of those, events the stream already held (same user_id and event_id within the de-duplication window).</param>
public sealed record EventsAccepted(int Accepted, int Duplicates);
