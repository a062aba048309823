using System.Collections.Concurrent;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;
using Recommender.Contracts;

namespace Recommender.AwsFakes.S3;

/// <summary>
/// s3rver (npm) behind a loopback proxy that adds what S3 does with archived objects and s3rver does not: an object a
/// lifecycle rule moved to Glacier Flexible Retrieval lists with StorageClass GLACIER, and GetObject on it answers
/// 403 InvalidObjectState until it is restored (S3 API reference, GetObject: "If the object you are retrieving is stored in
/// the S3 Glacier Flexible Retrieval ... you must first restore a copy ... Otherwise, this operation returns an
/// InvalidObjectState error"). Everything else goes to s3rver unchanged (signature included: the Host header is kept),
/// and each ListObjectsV2 query is recorded so a test can see where a listing started.
/// </summary>
public sealed class GlacierAwareS3 : IAsyncDisposable
{
    private readonly Uri _s3rver;
    private readonly HttpClient _forward = new(new SocketsHttpHandler { AllowAutoRedirect = false });
    private readonly ConcurrentDictionary<string, bool> _glacierPrefixes = new(StringComparer.Ordinal);
    private LoopbackServer _proxy = null!;

    private GlacierAwareS3(Uri s3rver) => _s3rver = s3rver;

    public static async Task<GlacierAwareS3> StartAsync(Uri s3rver)
    {
        var s3 = new GlacierAwareS3(s3rver);
        s3._proxy = await LoopbackServer.StartAsync(s3.HandleAsync);
        return s3;
    }

    /// <summary>Where clients send S3 requests.</summary>
    public Uri Url => _proxy.BaseUrl;

    /// <summary>The query strings of the ListObjectsV2 calls made, in order.</summary>
    public ConcurrentQueue<string> Listings { get; } = new();

    /// <summary>GetObject calls refused because their object was in Glacier (none when a reader skips them).</summary>
    public ConcurrentQueue<string> RefusedReads { get; } = new();

    /// <summary>What a lifecycle transition does: every object of the bucket whose key starts with <paramref name="keyPrefix"/> is now in GLACIER.</summary>
    public void MoveToGlacier(string bucket, string keyPrefix) => _glacierPrefixes[$"{bucket}/{keyPrefix}"] = true;

    private bool InGlacier(string bucket, string key) => _glacierPrefixes.Keys.Any(p => $"{bucket}/{key}".StartsWith(p, StringComparison.Ordinal));

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        var path = Uri.UnescapeDataString(request.Path.Value ?? "/").TrimStart('/');
        var slash = path.IndexOf('/', StringComparison.Ordinal);
        var (bucket, key) = slash < 0 ? (path, "") : (path[..slash], path[(slash + 1)..]);
        if (HttpMethods.IsGet(request.Method) && key.Length > 0 && InGlacier(bucket, key))
        {
            RefusedReads.Enqueue(key);
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            context.Response.ContentType = "application/xml";
            await context.Response.WriteAsync(
                $"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>InvalidObjectState</Code><Message>The operation is not valid for the object's storage class</Message><StorageClass>GLACIER</StorageClass><Key>{key}</Key></Error>");
            return;
        }
        var listing = HttpMethods.IsGet(request.Method) && key.Length == 0 && request.Query["list-type"] == "2";
        if (listing) Listings.Enqueue(request.QueryString.Value ?? "");

        using var body = new MemoryStream();
        await request.Body.CopyToAsync(body);
        using var message = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_s3rver, request.Path.Value + request.QueryString.Value));
        if (body.Length > 0 || request.ContentLength is not null) message.Content = new ByteArrayContent(body.ToArray());
        foreach (var (name, values) in request.Headers)
        {
            if (name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)) continue;
            if (!message.Headers.TryAddWithoutValidation(name, values.ToArray())) message.Content?.Headers.TryAddWithoutValidation(name, values.ToArray());
        }
        // the signature covers the Host the client signed for: ours
        message.Headers.Host = request.Host.Value;
        using var answer = await _forward.SendAsync(message, context.RequestAborted);
        var response = context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers.Concat(answer.Content.Headers))
            if (!name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && !name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
                response.Headers[name] = values.ToArray();
        var content = await answer.Content.ReadAsByteArrayAsync(context.RequestAborted);
        if (listing && answer.IsSuccessStatusCode) content = MarkGlacier(bucket, content);
        response.ContentLength = content.Length;
        await response.Body.WriteAsync(content, context.RequestAborted);
    }

    /// <summary>The listing as S3 would give it: StorageClass GLACIER on the archived objects (s3rver always says STANDARD).</summary>
    private byte[] MarkGlacier(string bucket, byte[] listing)
    {
        var document = XDocument.Parse(System.Text.Encoding.UTF8.GetString(listing));
        foreach (var contents in document.Descendants().Where(e => e.Name.LocalName == "Contents"))
        {
            var key = contents.Elements().FirstOrDefault(e => e.Name.LocalName == "Key")?.Value;
            var storage = contents.Elements().FirstOrDefault(e => e.Name.LocalName == "StorageClass");
            if (key is not null && storage is not null && InGlacier(bucket, key)) storage.Value = "GLACIER";
        }
        return System.Text.Encoding.UTF8.GetBytes(document.Declaration + document.ToString(SaveOptions.DisableFormatting));
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        _forward.Dispose();
    }
}
