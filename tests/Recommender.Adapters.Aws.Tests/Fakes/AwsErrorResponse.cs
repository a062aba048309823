using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Recommender.Adapters.Aws.Tests.Fakes;

/// <summary>An AWS JSON-protocol error answer: x-amzn-RequestId, x-amzn-ErrorType and {"__type", "message"}.</summary>
public static class AwsErrorResponse
{
    public static Task WriteAsync(HttpContext context, int status, string code, string message)
    {
        context.Response.StatusCode = status;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-ErrorType"] = $"{code}:http://internal.amazon.com/coral/com.amazonaws.personalize/";
        context.Response.ContentType = "application/x-amz-json-1.1";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = code, ["message"] = message }));
    }
}
