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

    /// <summary>No valid key: the same answer whatever was wrong with it, and never the key itself.</summary>
    public static IResult Unauthorized(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Unauthorized", detail: detail);

    /// <summary>A valid key that may not do this: a scope it lacks, or another user's data (named in <paramref name="errors"/>).</summary>
    public static IResult Forbidden(string detail, System.Collections.IEnumerable? errors = null) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Forbidden", detail: detail,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });

    public static IResult NotFound(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    /// <summary>Overload: the client should come back after <paramref name="retryAfter"/>.</summary>
    public static IResult Unavailable(HttpContext context, int statusCode, TimeSpan retryAfter, string detail)
    {
        context.Response.Headers.RetryAfter = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Problem(statusCode: statusCode, title: statusCode == StatusCodes.Status429TooManyRequests ? "Too many requests" : "Service unavailable", detail: detail);
    }
}
