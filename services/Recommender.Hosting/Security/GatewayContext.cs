using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Recommender.Core.Access;

namespace Recommender.Hosting.Security;

/// <summary>
/// Reads the caller that the API Gateway key authorizer vouched for. The Lambda Web Adapter writes the invocation's request
/// context into <c>x-amzn-request-context</c> on every request, replacing any header of that name a client sent; for an HTTP
/// API (payload 2.0) the authorizer's context is at <c>authorizer.lambda</c>. Lambda's own invocations (Kinesis batches,
/// schedules) carry a context of <c>null</c>.
/// </summary>
public static class GatewayContext
{
    public const string Header = "x-amzn-request-context";

    /// <summary>What the authorizer put in its context (infra-pulumi/authorizer/handler.mjs).</summary>
    public const string KeyIdField = "key_id", ScopesField = "scopes", UserIdField = "user_id";

    public enum Kind
    {
        /// <summary>No context at all: the request did not come through the Web Adapter.</summary>
        Missing,
        /// <summary>Lambda invoked the function with a non-HTTP event.</summary>
        LambdaEvent,
        /// <summary>An HTTP request through API Gateway with the authorizer's caller.</summary>
        Caller,
        /// <summary>A context without an authorizer's caller in it.</summary>
        Unauthenticated,
    }

    public static (Kind Kind, ApiCaller? Caller) Read(HttpRequest request)
    {
        var text = request.Headers[Header].ToString();
        if (text.Length == 0) return (Kind.Missing, null);
        try
        {
            using var json = JsonDocument.Parse(text);
            var root = json.RootElement;
            if (root.ValueKind == JsonValueKind.Null) return (Kind.LambdaEvent, null);
            if (root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("authorizer", out var authorizer) && authorizer.ValueKind == JsonValueKind.Object
                && authorizer.TryGetProperty("lambda", out var fields) && fields.ValueKind == JsonValueKind.Object
                && Text(fields, KeyIdField) is { } keyId && Text(fields, ScopesField) is { } scopes)
            {
                var userId = Text(fields, UserIdField);
                return (Kind.Caller, new ApiCaller(keyId, ApiScopes.Parse(scopes), string.IsNullOrEmpty(userId) ? null : userId));
            }
        }
        catch (Exception e) when (e is JsonException or FormatException)
        {
            // A context we cannot read vouches for no one.
        }
        return (Kind.Unauthenticated, null);
    }

    private static string? Text(JsonElement fields, string name) =>
        fields.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
