using System.Net;
using System.Text.Json.Nodes;

namespace Recommender.Hosting.Tests;

/// <summary>
/// On Lambda behind API Gateway the authorizer has checked the key; the app takes the caller from the request context the Web
/// Adapter puts in x-amzn-request-context (an HTTP API, payload 2.0), and still holds it to its scope and user.
/// </summary>
public sealed class GatewayAuthorizerTests
{
    private static readonly Dictionary<string, string?> BehindGateway = new() { ["Security:TrustApiGatewayAuthorizer"] = "true" };

    /// <summary>The request context as the Web Adapter serializes it, with our authorizer's simple-response context.</summary>
    private static string Context(string keyId, string scopes, string? userId = null)
    {
        var fields = new JsonObject { ["key_id"] = keyId, ["scopes"] = scopes };
        if (userId is not null) fields["user_id"] = userId;
        return new JsonObject
        {
            ["routeKey"] = "GET /v1/things",
            ["accountId"] = "123456789012",
            ["stage"] = "$default",
            ["requestId"] = "JKJaXmPLvHcESHA=",
            ["authorizer"] = new JsonObject { ["lambda"] = fields },
            ["apiId"] = "api-id",
            ["domainName"] = "id.execute-api.eu-west-1.amazonaws.com",
            ["time"] = "12/Mar/2026:19:03:58 +0000",
            ["timeEpoch"] = 1773342238000,
            ["http"] = new JsonObject { ["method"] = "GET", ["path"] = "/v1/things", ["protocol"] = "HTTP/1.1", ["sourceIp"] = "192.0.2.1", ["userAgent"] = "curl" },
        }.ToJsonString();
    }

    private static async Task<HttpStatusCode> GetAsync(SecuredApp app, string path, string? context)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (context is not null) request.Headers.TryAddWithoutValidation("x-amzn-request-context", context);
        using var response = await app.Client().SendAsync(request);
        return response.StatusCode;
    }

    [Fact]
    public async Task the_authorizers_caller_is_held_to_its_scope()
    {
        await using var app = await SecuredApp.StartAsync(BehindGateway);

        (await GetAsync(app, "/v1/things", Context("0123456789ab", "read"))).ShouldBe(HttpStatusCode.OK);
        (await GetAsync(app, "/v1/things", Context("0123456789ab", "ingest"))).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task the_authorizers_caller_bound_to_a_user_reads_only_that_user()
    {
        await using var app = await SecuredApp.StartAsync(BehindGateway);

        (await GetAsync(app, "/v1/users/alice/things", Context("0123456789ab", "read", "alice"))).ShouldBe(HttpStatusCode.OK);
        (await GetAsync(app, "/v1/users/bob/things", Context("0123456789ab", "read", "alice"))).ShouldBe(HttpStatusCode.Forbidden);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("{\"routeKey\":\"GET /v1/things\",\"http\":{\"method\":\"GET\"}}")]
    [InlineData("{\"authorizer\":{\"lambda\":{\"key_id\":\"0123456789ab\"}}}")]
    [InlineData("not json")]
    public async Task without_an_authorizers_caller_a_request_gets_401(string? context)
    {
        await using var app = await SecuredApp.StartAsync(BehindGateway);

        (await GetAsync(app, "/v1/things", context)).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task lambdas_own_event_reaches_only_the_event_endpoint()
    {
        await using var app = await SecuredApp.StartAsync(BehindGateway);
        using var client = app.Client();

        var toEvents = new HttpRequestMessage(HttpMethod.Post, "/events") { Content = new StringContent("{\"Records\":[]}") };
        toEvents.Headers.TryAddWithoutValidation("x-amzn-request-context", "null");
        (await client.SendAsync(toEvents)).StatusCode.ShouldBe(HttpStatusCode.OK);

        (await GetAsync(app, "/v1/things", "null")).ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task an_x_api_key_header_means_nothing_behind_the_gateway()
    {
        await using var app = await SecuredApp.StartAsync(BehindGateway);
        var key = await app.CreateKeyAsync("read");

        (await app.Client(key).GetAsync("/v1/things")).StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }
}
