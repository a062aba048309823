using System.Net;
using System.Text.Json;
using Amazon.Runtime;
using Polly;
using Recommender.Adapters.Aws.Protocol;

namespace Recommender.Adapters.Aws.Tests.Protocol;

/// <summary>
/// Our client's requests carry the Authorization header AWS's own signer (@smithy/signature-v4) computes for them:
/// POST with a JSON body, with and without a session token (Lambda always signs with one), on the Kinesis and the three
/// Personalize hosts. The vectors are checked in (sigv4-vectors.json, made by tests/sigv4/generate-vectors.js); each request
/// is the one AwsJsonClient sends, caught before it leaves the process.
/// </summary>
public sealed class SigV4KnownAnswerTests
{
    public sealed record Vector(string Name, string Service, string Region, string Host, string Path, string ContentType, string? Target,
        string Body, string AccessKeyId, string SecretAccessKey, string? SessionToken, string AmzDate, string Authorization)
    {
        public override string ToString() => Name;
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    private static List<Vector> Load()
    {
        var file = Path.Combine(AppContext.BaseDirectory, "Protocol", "sigv4-vectors.json");
        using var document = JsonDocument.Parse(File.ReadAllText(file));
        return document.RootElement.GetProperty("vectors").EnumerateArray().Select(v => v.Deserialize<Vector>(Json)!).ToList();
    }

    public static TheoryData<Vector> Vectors() => new(Load());

    [Fact]
    public void the_vectors_cover_a_session_token_and_both_protocols_on_every_host()
    {
        var vectors = Load();
        vectors.Select(v => v.Host.Split('.')[0]).Distinct().Order().ShouldBe(["kinesis", "personalize", "personalize-events", "personalize-runtime"]);
        vectors.ShouldContain(v => v.SessionToken != null && v.Target == null);
        vectors.ShouldContain(v => v.SessionToken != null && v.Target != null);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public async Task our_client_signs_as_aws_own_signer_does(Vector vector)
    {
        var sent = await SendAsync(vector);

        sent.Headers.GetValues("Authorization").Single().ShouldBe(vector.Authorization);
        sent.Headers.GetValues("x-amz-date").Single().ShouldBe(vector.AmzDate);
        if (vector.SessionToken is { } token) sent.Headers.GetValues("x-amz-security-token").Single().ShouldBe(token);
        else sent.Headers.Contains("x-amz-security-token").ShouldBeFalse();
    }

    /// <summary>One call of AwsJsonClient at the vector's time and with its keys; the request is caught instead of sent.</summary>
    private static async Task<HttpRequestMessage> SendAsync(Vector vector)
    {
        var catcher = new Catcher();
        using var http = new HttpClient(catcher);
        var prefix = vector.Host.Split('.')[0];
        var endpoint = AwsServiceEndpoint.Resolve(prefix, prefix, vector.Region, vector.Service, vector.Target?.Split('.')[0], serviceUrl: null);
        AWSCredentials keys = vector.SessionToken is null
            ? new BasicAWSCredentials(vector.AccessKeyId, vector.SecretAccessKey)
            : new SessionAWSCredentials(vector.AccessKeyId, vector.SecretAccessKey, vector.SessionToken);
        var at = DateTimeOffset.ParseExact(vector.AmzDate, "yyyyMMdd'T'HHmmss'Z'", null, System.Globalization.DateTimeStyles.AssumeUniversal);
        var client = new AwsJsonClient(http, endpoint, new AwsCredentialSource(keys), ResiliencePipeline.Empty, new FixedClock(at));
        var body = JsonDocument.Parse(vector.Body).RootElement;
        // the vector's bytes exactly: a body element written back without escaping its quotes as \u0022
        var writing = new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping, TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver() };
        var type = (System.Text.Json.Serialization.Metadata.JsonTypeInfo<JsonElement>)writing.GetTypeInfo(typeof(JsonElement));
        if (vector.Target is { } target) await client.CallAsync(target.Split('.')[1], body, type, type, default);
        else await client.PostAsync(vector.Path, body, type, type, default);
        catcher.Body.ShouldBe(vector.Body, "the vector must sign the body our client sends");
        catcher.Sent!.RequestUri!.ShouldBe(new Uri($"https://{vector.Host}{vector.Path}"));
        return catcher.Sent;
    }

    private sealed class Catcher : HttpMessageHandler
    {
        public HttpRequestMessage? Sent { get; private set; }
        public string? Body { get; private set; }

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            // the client disposes its request's body after the call: read it now
            (Sent, Body) = (request, await request.Content!.ReadAsStringAsync(cancellationToken));
            return new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent("{}") };
        }
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
