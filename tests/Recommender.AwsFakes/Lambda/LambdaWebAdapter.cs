using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Contracts;

namespace Recommender.AwsFakes.Lambda;

/// <summary>
/// A test double of the AWS Lambda Web Adapter in front of a running app, applying the adapter's documented rules
/// (awslabs/aws-lambda-web-adapter: docs/guide/src/features/non-http-events.md, error-status-codes.md,
/// configuration/readiness-check.md; src/lib.rs fetch_response; the pass-through response of lambda_http's response.rs):
/// <list type="bullet">
/// <item>readiness: GET the readiness path on the readiness port every 10 ms until a healthy status (default 100-499), or a TCP connect;</item>
/// <item>a non-HTTP event (a Kinesis batch) is POSTed as it is, Content-Type application/json, to the pass-through path;</item>
/// <item>a status in AWS_LWA_ERROR_STATUS_CODES fails the invocation; any other status is dropped, and the body becomes the
/// invocation's response: parsed as JSON when it is text (no Content-Encoding, and a text, JSON, XML, YAML or JavaScript content
/// type, or none), else null. A body that does not parse is null too, which Lambda reads as "no failures".</item>
/// </list>
/// </summary>
public sealed class LambdaWebAdapter(LambdaWebAdapterSettings settings) : IDisposable
{
    private static readonly string[] TextPrefixes = ["text", "application/json", "application/javascript", "application/xml", "application/yaml"];
    private static readonly string[] TextSuffixes = ["+xml", "+yaml", "+json"];

    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromMinutes(2) };

    public LambdaWebAdapterSettings Settings => settings;

    /// <summary>Lambda's init phase: waits for the app's readiness check to pass; fails when <paramref name="appExited"/> says the app is gone.</summary>
    public async Task WaitUntilReadyAsync(Func<bool> appExited, TimeSpan? deadline = null)
    {
        await Eventually.UntilAsync(async () => appExited() ? throw new InvalidOperationException("the app exited before it was ready") : await IsReadyAsync(),
            $"the app answered the readiness check on port {settings.ReadinessCheckPort}", deadline);
    }

    private async Task<bool> IsReadyAsync()
    {
        try
        {
            if (settings.ReadinessCheckOverTcp)
            {
                using var tcp = new TcpClient();
                await tcp.ConnectAsync("127.0.0.1", settings.ReadinessCheckPort);
                return true;
            }
            using var response = await _http.GetAsync(new Uri($"http://127.0.0.1:{settings.ReadinessCheckPort}{settings.ReadinessCheckPath}"));
            return settings.HealthyStatus.Contains((int)response.StatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException)
        {
            return false;
        }
    }

    /// <summary>One invocation with a non-HTTP event, as the adapter forwards it.</summary>
    public async Task<LambdaInvocation> InvokeAsync(string eventJson, string functionName = "function", CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri($"http://127.0.0.1:{settings.Port}{settings.PassThroughPath}"))
        {
            Content = new StringContent(eventJson, Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        // the adapter adds the request context (null for a pass-through event) and the Lambda context
        request.Headers.TryAddWithoutValidation("x-amzn-request-context", "null");
        request.Headers.TryAddWithoutValidation("x-amzn-lambda-context", JsonSerializer.Serialize(new
        {
            request_id = Guid.NewGuid().ToString(),
            invoked_function_arn = $"arn:aws:lambda:us-east-1:111111111111:function:{functionName}",
        }));

        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            // the adapter returns the error to the runtime: a failed invocation
            return LambdaInvocation.Failed($"the app did not answer: {e.Message}");
        }
        using (response)
        {
            var status = (int)response.StatusCode;
            var body = await response.Content.ReadAsByteArrayAsync(cancellationToken);
            if (settings.ErrorStatusCodes?.Contains(status) == true)
                return LambdaInvocation.Failed($"{{\"statusCode\":{status},\"body\":{JsonSerializer.Serialize(Encoding.UTF8.GetString(body))}}}", status);
            return new LambdaInvocation(false, IsText(response) ? ParseOrNull(body) : null, status, null);
        }
    }

    private static bool IsText(HttpResponseMessage response)
    {
        if (response.Content.Headers.ContentEncoding.Count > 0) return false;
        var type = response.Content.Headers.ContentType;
        if (type is null) return true;
        var full = type.ToString();
        var media = type.MediaType ?? "";
        return TextPrefixes.Any(p => full.StartsWith(p, StringComparison.Ordinal))
               || TextSuffixes.Any(s => media.EndsWith(s, StringComparison.Ordinal))
               || (response.Headers.TryGetValues("x-lambda-http-content-encoding", out var values) && values.Contains("text"));
    }

    private static JsonNode? ParseOrNull(byte[] body)
    {
        try
        {
            return JsonNode.Parse(body);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public void Dispose() => _http.Dispose();
}
