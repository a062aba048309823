using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.Events;

namespace Recommender.Hosting;

/// <summary>
/// The problem responses the APIs answer with, so every endpoint names bad input the same way: an RFC 7807 problem whose
/// <c>errors</c> items are <see cref="FieldError"/>s (<c>{index?, field, message}</c>) in both APIs.
/// </summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ProblemHttpResult BadParameters(IReadOnlyList<FieldError> errors) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "One or more parameters are invalid",
            detail: string.Join("; ", errors.Select(e => $"{e.Field}: {e.Message}")),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>No valid key: the same answer whatever was wrong with it, and never the key itself.</summary>
    public static ProblemHttpResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);

    /// <summary>A valid key that may not do this: a scope it lacks, or another user's data (named in <paramref name="errors"/>).</summary>
    public static ProblemHttpResult Forbidden(string detail, IReadOnlyList<FieldError>? errors = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>A 400 naming one parameter.</summary>
    public static ProblemHttpResult BadParameter(string field, string message) => BadParameters([new FieldError(null, field, message)]);

    public static ProblemHttpResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static ProblemHttpResult UnsupportedMediaType(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type", detail: detail);

    public static ProblemHttpResult PayloadTooLarge(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large", detail: detail);

    /// <summary>Overload: the client should come back after <paramref name="retryAfter"/>.</summary>
    public static ProblemHttpResult Unavailable(HttpContext context, int statusCode, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: statusCode, title: statusCode == StatusCodes.Status429TooManyRequests ? "Too many requests" : "Service unavailable", detail: detail);
    }
}

/// <summary>
/// An RFC 7807 problem as the APIs write it (the framework's ProblemDetails plus our extensions): the type the OpenAPI
/// document describes error responses with, so a client generated from it reads <c>errors</c> and <c>trace_id</c>.
/// </summary>
public sealed class ApiProblem
{
    /// <summary>A URI naming the kind of problem (the RFC 9110 section of the status); absent means "about:blank".</summary>
    public string? Type { get; init; }
    public required string Title { get; init; }
    public required int Status { get; init; }
    /// <summary>What went wrong, for a person.</summary>
    public string? Detail { get; init; }
    public string? Instance { get; init; }
    /// <summary>Each bad field: its index in the batch (events only), its name, and why it is refused.</summary>
    public IReadOnlyList<FieldError>? Errors { get; init; }
    /// <summary>The W3C trace id of the request, to find it in the logs.</summary>
    public required string TraceId { get; init; }
}
