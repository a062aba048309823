using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Recommender.Contracts;

namespace Recommender.AllInOne.Tests;

/// <summary>
/// No one posts or reads as someone else on AWS either: keys made by the <c>keys</c> verb, exported as the API key secret,
/// checked by the API Gateway authorizer's own code (infra-pulumi/authorizer/handler.mjs, run in node), whose answer reaches
/// the app as the Web Adapter passes it (x-amzn-request-context, HTTP API payload 2.0); the app holds that caller to its scopes
/// and its user.
/// </summary>
public sealed class ApiGatewayCallerTests : IDisposable
{
    private readonly string _keysFolder = Path.Combine(Path.GetTempPath(), "all-in-one-gateway-tests", Guid.NewGuid().ToString("N"));
    private readonly AllInOneFactory _factory = new AllInOneFactory().With("Security:TrustApiGatewayAuthorizer", "true");

    [Fact]
    public async Task a_key_bound_to_a_listener_cannot_post_or_read_as_another_through_the_gateway_authorizer()
    {
        var alice = await KeysAsync("create", "--scopes", "ingest,read", "--user", "alice");
        var producer = await KeysAsync("create", "--scopes", "ingest");
        var revoked = await KeysAsync("create", "--scopes", "ingest,read");
        await KeysAsync("revoke", revoked[3..15]);
        var secret = await KeysAsync("export");

        var answers = await AuthorizeAsync(secret, [alice, producer, revoked, "rk_000000000000_" + new string('A', 43)]);

        answers[2]!["isAuthorized"]!.GetValue<bool>().ShouldBeFalse("a revoked key is not in the exported secret");
        answers[3]!["isAuthorized"]!.GetValue<bool>().ShouldBeFalse("an unknown key");
        var asAlice = Context(answers[0]!);
        var asProducer = Context(answers[1]!);
        var client = _factory.CreateClient();

        (await PostAsync(client, asAlice, "bob")).ShouldBe(HttpStatusCode.Forbidden, "alice's key posting bob's listening");
        (await PostAsync(client, asAlice, "alice")).ShouldBe(HttpStatusCode.Accepted);
        (await GetAsync(client, asAlice, "/v1/recommendations?user_id=bob")).ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(client, asAlice, "/v1/users/bob/history")).ShouldBe(HttpStatusCode.Forbidden);
        (await GetAsync(client, asAlice, "/v1/recommendations?user_id=alice")).ShouldBe(HttpStatusCode.OK);
        (await PostAsync(client, asProducer, "bob")).ShouldBe(HttpStatusCode.Accepted, "an unbound ingest key posts for any listener");
        (await GetAsync(client, asProducer, "/v1/recommendations?user_id=bob")).ShouldBe(HttpStatusCode.Forbidden, "an ingest key reads nothing");
        (await GetAsync(client, null, "/v1/recommendations?user_id=alice", apiKey: alice))
            .ShouldBe(HttpStatusCode.Unauthorized, "behind the gateway only the authorizer's word counts, not a key header");
    }

    /// <summary>The request context the Web Adapter writes for an HTTP API request, with the authorizer's simple-response context.</summary>
    private static string Context(JsonNode answer)
    {
        answer["isAuthorized"]!.GetValue<bool>().ShouldBeTrue(answer.ToJsonString());
        return new JsonObject
        {
            ["accountId"] = "123456789012",
            ["apiId"] = "api-id",
            ["authorizer"] = new JsonObject { ["lambda"] = answer["context"]!.DeepClone() },
            ["domainName"] = "api-id.execute-api.eu-west-1.amazonaws.com",
            ["http"] = new JsonObject { ["method"] = "POST", ["path"] = "/v1/events", ["protocol"] = "HTTP/1.1", ["sourceIp"] = "192.0.2.1" },
            ["requestId"] = "JKJaXmPLvHcESHA=",
            ["routeKey"] = "POST /v1/events",
            ["stage"] = "$default",
        }.ToJsonString();
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string context, string userId)
    {
        var batch = new JsonArray(new JsonObject
        {
            ["event_id"] = Guid.NewGuid().ToString("N"),
            ["user_id"] = userId,
            ["track_id"] = "track-1",
            ["event_type"] = "complete",
            ["occurred_at"] = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-dd'T'HH:mm:ss'Z'"),
            ["ms_played"] = 190_000,
        });
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/events") { Content = new StringContent(batch.ToJsonString()) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.TryAddWithoutValidation("x-amzn-request-context", context);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private static async Task<HttpStatusCode> GetAsync(HttpClient client, string? context, string path, string? apiKey = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (context is not null) request.Headers.TryAddWithoutValidation("x-amzn-request-context", context);
        if (apiKey is not null) request.Headers.Add("x-api-key", apiKey);
        using var response = await client.SendAsync(request);
        return response.StatusCode;
    }

    private async Task<string> KeysAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await AllInOneCommandLine.InvokeAsync(["keys", .. args, "--data-dir", _keysFolder], new InvocationConfiguration { Output = output, Error = error });
        exit.ShouldBe(0, error.ToString());
        return output.ToString().Trim();
    }

    /// <summary>The authorizer's answers for each presented key, from its own handler in node over the exported secret.</summary>
    private static async Task<JsonArray> AuthorizeAsync(string secret, string[] presented)
    {
        var handler = new Uri(Path.Combine(Path.GetDirectoryName(NodePeer.TestsDirectory())!, "infra-pulumi", "authorizer", "handler.mjs"));
        const string script = """
            const { createHandler } = await import(process.argv[1]);
            let input = "";
            for await (const chunk of process.stdin) input += chunk;
            const { secret, keys } = JSON.parse(input);
            const handler = createHandler(async () => secret);
            const answers = [];
            for (const key of keys) answers.push(await handler({ headers: { "x-api-key": key } }));
            process.stdout.write(JSON.stringify(answers));
            """;
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--input-type=module", "-e", script, handler.AbsoluteUri }) start.ArgumentList.Add(arg);
        using var node = Process.Start(start) ?? throw new InvalidOperationException("node did not start");
        // Keys go through stdin, never a command line another process could read.
        await node.StandardInput.WriteAsync(new JsonObject { ["secret"] = secret, ["keys"] = new JsonArray([.. presented.Select(k => JsonValue.Create(k))]) }.ToJsonString());
        node.StandardInput.Close();
        var output = node.StandardOutput.ReadToEndAsync();
        var error = node.StandardError.ReadToEndAsync();
        await node.WaitForExitAsync().WaitAsync(Eventually.Deadline);
        node.ExitCode.ShouldBe(0, await error);
        return JsonNode.Parse(await output)!.AsArray();
    }

    public void Dispose()
    {
        _factory.Dispose();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try { Directory.Delete(_keysFolder, recursive: true); } catch (IOException) { }
    }
}
