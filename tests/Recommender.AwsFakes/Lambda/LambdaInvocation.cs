using System.Text.Json.Nodes;

namespace Recommender.AwsFakes.Lambda;

/// <summary>What Lambda gets back from one invocation: a function error (it retries the batch), or the response payload.</summary>
/// <param name="Payload">The JSON the function returned; null when it returned nothing Lambda can read as JSON.</param>
/// <param name="AppStatus">The status the app answered (Lambda never sees it in pass-through mode); null when the app did not answer.</param>
public sealed record LambdaInvocation(bool FunctionError, JsonNode? Payload, int? AppStatus, string? ErrorMessage)
{
    public static LambdaInvocation Failed(string message, int? appStatus = null) => new(true, null, appStatus, message);
}
