using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.AspNetCore.Http;
using Recommender.Contracts;
using Recommender.Contracts.AwsModels;

namespace Recommender.AwsFakes.Kinesis;

/// <summary>
/// Kinesis for tests: kinesalite (npm) behind a loopback proxy that checks each request on its way as Kinesis would and
/// kinesalite does not: the SigV4 signature (service "kinesis", region, date, key), the operation named by X-Amz-Target in
/// AWS's Kinesis model (npm aws-sdk), the body against the operation's input shape and the API reference's limits. A
/// request that passes goes to kinesalite unchanged and its answer comes back unchanged; one that fails gets Kinesis's
/// error (SerializationException, ValidationException, ...) and never reaches kinesalite.
/// </summary>
public sealed class ValidatedKinesalite : IAsyncDisposable
{
    public const string Region = "us-east-1";
    private static readonly AwsServiceModel Model = AwsServiceModel.Load("kinesis-2013-12-02");
    private readonly NodePeer _kinesalite;
    private readonly HttpClient _forward = new();
    private AwsFakeEndpoint _proxy = null!;

    private ValidatedKinesalite(NodePeer kinesalite) => _kinesalite = kinesalite;

    public static async Task<ValidatedKinesalite> StartAsync(AWSCredentials known, string region = Region)
    {
        var peer = new ValidatedKinesalite(await NodePeer.StartAsync("kinesalite"));
        peer._proxy = await AwsFakeEndpoint.StartAsync([Model], "ValidationException", region, known, peer.ForwardAsync);
        return peer;
    }

    /// <summary>Where clients send Kinesis requests: the proxy.</summary>
    public Uri Url => _proxy.Url;

    /// <summary>The keys a request must be signed with (a test may change them, e.g. to the ones s3rver needs).</summary>
    public AWSCredentials Known { get => _proxy.Known; set => _proxy.Known = value; }

    /// <summary>Calls that passed the checks, by operation name; and what the checks refused.</summary>
    public IReadOnlyDictionary<string, int> Calls => _proxy.Calls;
    public IReadOnlyCollection<string> Refused => _proxy.Refused;

    private async Task<JsonObject?> ForwardAsync(AwsCall call)
    {
        var request = call.Context.Request;
        using var message = new HttpRequestMessage(HttpMethod.Post, new Uri(_kinesalite.Url, "/")) { Content = new ByteArrayContent(call.Body) };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse(request.ContentType!);
        foreach (var name in (string[])["Authorization", "X-Amz-Target", "X-Amz-Date", "X-Amz-Security-Token"])
            if (request.Headers.TryGetValue(name, out var value)) message.Headers.TryAddWithoutValidation(name, value.ToString());
        using var answer = await _forward.SendAsync(message, call.Context.RequestAborted);
        var response = call.Context.Response;
        response.StatusCode = (int)answer.StatusCode;
        foreach (var (name, values) in answer.Headers)
            if (name.StartsWith("x-amz", StringComparison.OrdinalIgnoreCase)) response.Headers[name] = values.ToArray();
        response.ContentType = answer.Content.Headers.ContentType?.ToString();
        await response.Body.WriteAsync(await answer.Content.ReadAsByteArrayAsync(call.Context.RequestAborted), call.Context.RequestAborted);
        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _proxy.DisposeAsync();
        await _kinesalite.DisposeAsync();
        _forward.Dispose();
    }
}
