using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Polly;

namespace Recommender.Adapters.Aws.Protocol;

/// <summary>
/// One small client for the AWS JSON protocols: JSON 1.1 (POST / with X-Amz-Target, Kinesis and the
/// Personalize control plane) and REST-JSON (POST to a path, Personalize events and runtime). Signs
/// with SigV4, retries throttling and 5xx with backoff and jitter, and turns error answers into
/// <see cref="AwsServiceException"/>. The official SDK packages can replace it behind the same typed clients.
/// </summary>
internal sealed class AwsJsonClient(HttpClient http, AwsServiceEndpoint endpoint, AwsCredentialSource credentials, ResiliencePipeline retry, TimeProvider time)
{
    public const string Json11ContentType = "application/x-amz-json-1.1";
    public const string RestJsonContentType = "application/json";

    public AwsServiceEndpoint Endpoint { get; } = endpoint;

    /// <summary>A JSON 1.1 protocol call: X-Amz-Target = "{prefix}.{operation}".</summary>
    public Task<TResponse> CallAsync<TRequest, TResponse>(string operation, TRequest request,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var target = $"{Endpoint.TargetPrefix ?? throw new InvalidOperationException($"{Endpoint.ServiceName} is not a JSON 1.1 service")}.{operation}";
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        return SendWithRetriesAsync("", target, Json11ContentType, body, responseType, cancellationToken);
    }

    /// <summary>A REST-JSON call: POST of the JSON body to <paramref name="path"/>.</summary>
    public Task<TResponse> PostAsync<TRequest, TResponse>(string path, TRequest request,
        JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(request, requestType);
        return SendWithRetriesAsync(path.TrimStart('/'), null, RestJsonContentType, body, responseType, cancellationToken);
    }

    private async Task<TResponse> SendWithRetriesAsync<TResponse>(string path, string? target, string contentType, byte[] body,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken) =>
        await retry.ExecuteAsync(
            async token => await SendOnceAsync(path, target, contentType, body, responseType, token).ConfigureAwait(false),
            cancellationToken).ConfigureAwait(false);

    private async Task<TResponse> SendOnceAsync<TResponse>(string path, string? target, string contentType, byte[] body,
        JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
    {
        using var message = await SignedRequestAsync(path, target, contentType, body).ConfigureAwait(false);
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{Endpoint.ServiceName} did not answer within {http.Timeout.TotalSeconds:0.#} s", e);
        }
        using (response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false);
            var requestId = RequestId(response);
            if (!response.IsSuccessStatusCode) throw Error(response, bytes, requestId);
            try
            {
                return JsonSerializer.Deserialize(bytes.Length == 0 ? "{}"u8 : bytes, responseType)
                       ?? throw new JsonException("the body was JSON null");
            }
            catch (JsonException e)
            {
                throw new AwsServiceException(Endpoint.ServiceName, "MalformedResponse", $"the answer did not parse: {e.Message}", response.StatusCode, requestId);
            }
        }
    }

    private async Task<HttpRequestMessage> SignedRequestAsync(string path, string? target, string contentType, byte[] body)
    {
        var uri = new Uri(Endpoint.BaseUri, path);
        var amzDate = SigV4Signer.FormatDate(time.GetUtcNow());
        var creds = await credentials.GetAsync().ConfigureAwait(false);
        var headers = new List<KeyValuePair<string, string>>
        {
            new("host", uri.IsDefaultPort ? uri.Host : $"{uri.Host}:{uri.Port}"),
            new(SigV4Signer.DateHeader, amzDate),
            new("content-type", contentType),
        };
        if (target is not null) headers.Add(new("x-amz-target", target));
        if (creds.SessionToken is not null) headers.Add(new(SigV4Signer.SecurityTokenHeader, creds.SessionToken));
        var signature = SigV4Signer.Sign(new SigV4Signer.Request("POST", uri, headers, SigV4Signer.HashHex(body)),
            creds, Endpoint.Region, Endpoint.SigningName, amzDate);

        var content = new ByteArrayContent(body);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        var message = new HttpRequestMessage(HttpMethod.Post, uri) { Content = content };
        foreach (var (name, value) in headers)
            if (name is not ("host" or "content-type")) message.Headers.TryAddWithoutValidation(name, value);
        message.Headers.TryAddWithoutValidation("Authorization", signature.Authorization);
        return message;
    }

    private static string? RequestId(HttpResponseMessage response) =>
        response.Headers.TryGetValues("x-amzn-RequestId", out var ids) || response.Headers.TryGetValues("x-amz-request-id", out ids)
            ? ids.FirstOrDefault()
            : null;

    /// <summary>The code comes from x-amzn-ErrorType, else the body's "__type" (or "code"); the message from "message" or "Message".</summary>
    private AwsServiceException Error(HttpResponseMessage response, byte[] body, string? requestId)
    {
        string? code = response.Headers.TryGetValues("x-amzn-ErrorType", out var types) ? types.FirstOrDefault() : null;
        string? message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var p in document.RootElement.EnumerateObject())
                {
                    if (p.Value.ValueKind != JsonValueKind.String) continue;
                    if (code is null && p.Name is "__type" or "code" or "Code") code = p.Value.GetString();
                    else if (p.Name is "message" or "Message") message = p.Value.GetString();
                }
            }
        }
        catch (JsonException)
        {
            message = body.Length == 0 ? null : "the error body was not JSON";
        }
        code = code is null ? ((int)response.StatusCode >= 500 ? "InternalFailure" : "UnknownError") : AwsServiceException.ShortCode(code);
        return new AwsServiceException(Endpoint.ServiceName, code, message ?? response.ReasonPhrase ?? "", response.StatusCode, requestId);
    }
}
