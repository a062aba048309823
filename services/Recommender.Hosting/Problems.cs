using Microsoft.AspNetCore.Http;

namespace Recommender.Hosting;

/// <summary>The problem responses the APIs answer with, so every endpoint names bad input the same way.</summary>
public static class Problems
{
    /// <param name="Name">The query, route or body parameter at fault.</param>
    public sealed record ParameterError(string Name, string Message);

    public static IResult BadParameters(IReadOnlyList<ParameterError> errors) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status400BadRequest,
            title: "One or more parameters are invalid",
            detail: string.Join("; ", errors.Select(e => $"{e.Name}: {e.Message}")),
            extensions: new Dictionary<string, object?> { ["errors"] = errors });

    /// <summary>A body that is not UTF-8 JSON (<see cref="RequestBody.IsUtf8Json"/>).</summary>
    public static IResult NotUtf8Json(string what) =>
        TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported media type",
            detail: $"send {what} as application/json in UTF-8 (charset=utf-8 or no charset)");

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>Overload: the client should come back after <paramref name="retryAfter"/>.</summary>
    public static IResult Unavailable(HttpContext context, int statusCode, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: statusCode, title: statusCode == StatusCodes.Status429TooManyRequests ? "Too many requests" : "Service unavailable", detail: detail);
    }
}
