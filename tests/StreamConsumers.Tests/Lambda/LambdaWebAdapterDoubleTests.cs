using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recommender.AwsFakes.Lambda;
using Recommender.Contracts;

namespace StreamConsumers.Tests.Lambda;

/// <summary>The double applies the Lambda Web Adapter's documented rules (see LambdaWebAdapter) to what an app answers.</summary>
public sealed class LambdaWebAdapterDoubleTests : IAsyncLifetime
{
    private LoopbackServer _app = null!;
    private int _readinessCalls;

    public async Task InitializeAsync() => _app = await LoopbackServer.StartAsync(app =>
    {
        // the app answers /events with the status and content type the test names in the event
        app.MapPost("/events", async (HttpContext context) =>
        {
            var request = JsonNode.Parse(await new StreamReader(context.Request.Body).ReadToEndAsync())!;
            context.Response.StatusCode = request["status"]!.GetValue<int>();
            if (request["contentType"]?.GetValue<string>() is { } type) context.Response.ContentType = type;
            if (request["contentEncoding"]?.GetValue<string>() is { } encoding) context.Response.Headers.ContentEncoding = encoding;
            await context.Response.WriteAsync(request["body"]!.GetValue<string>());
        });
        app.MapGet("/healthz", () => Interlocked.Increment(ref _readinessCalls) < 3 ? Results.StatusCode(503) : Results.Ok());
    });

    public async Task DisposeAsync() => await _app.DisposeAsync();

    private LambdaWebAdapter Adapter(string? errorStatusCodes) => new(LambdaWebAdapterSettings.From(new Dictionary<string, string>
    {
        ["AWS_LWA_PORT"] = _app.BaseUrl.Port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AWS_LWA_READINESS_CHECK_PATH"] = "/healthz",
        ["AWS_LWA_ERROR_STATUS_CODES"] = errorStatusCodes ?? "",
    }));

    private static string Answer(int status, string body, string? contentType = "application/json", string? contentEncoding = null) =>
        new JsonObject { ["status"] = status, ["body"] = body, ["contentType"] = contentType, ["contentEncoding"] = contentEncoding }.ToJsonString();

    [Fact]
    public async Task readiness_waits_for_a_healthy_status()
    {
        using var adapter = Adapter(null);

        await adapter.WaitUntilReadyAsync(() => false);

        _readinessCalls.ShouldBe(3);
    }

    [Fact]
    public async Task without_error_status_codes_a_500_reaches_lambda_as_a_successful_invocation_of_its_body()
    {
        using var adapter = Adapter(null);

        var invocation = await adapter.InvokeAsync(Answer(500, """{"title":"boom"}""", "application/problem+json"));

        invocation.FunctionError.ShouldBeFalse();
        invocation.Payload!["title"]!.GetValue<string>().ShouldBe("boom");
        KinesisBatchOutcome.Of(invocation, ["1"]).Result.ShouldBe(KinesisBatchResult.Success, "the batch is dropped");
    }

    [Theory]
    [InlineData(500, true)]
    [InlineData(503, true)]
    [InlineData(599, true)]
    [InlineData(400, false)]
    [InlineData(200, false)]
    public async Task a_status_in_the_error_codes_fails_the_invocation_and_others_pass_through(int status, bool fails)
    {
        using var adapter = Adapter("500-599");

        var invocation = await adapter.InvokeAsync(Answer(status, "{}"));

        invocation.FunctionError.ShouldBe(fails);
    }

    [Theory]
    [InlineData("application/octet-stream", null)]
    [InlineData("application/json", "gzip")]
    [InlineData("text/plain", null)]
    public async Task a_body_lambda_cannot_read_as_json_is_no_failure_list(string contentType, string? encoding)
    {
        using var adapter = Adapter("500-599");

        var invocation = await adapter.InvokeAsync(Answer(200, """{"batchItemFailures":[{"itemIdentifier":"1"}]}""", contentType, encoding));

        var readable = contentType == "text/plain";
        (invocation.Payload is not null).ShouldBe(readable);
        KinesisBatchOutcome.Of(invocation, ["1"]).Result.ShouldBe(readable ? KinesisBatchResult.RetryFrom : KinesisBatchResult.Success);
    }

    [Theory]
    [InlineData("""{"batchItemFailures":[]}""", KinesisBatchResult.Success)]
    [InlineData("""{"batchItemFailures":null}""", KinesisBatchResult.Success)]
    [InlineData("""{}""", KinesisBatchResult.Success)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":""}]}""", KinesisBatchResult.Failure)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":null}]}""", KinesisBatchResult.Failure)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifer":"2"}]}""", KinesisBatchResult.Failure)]
    [InlineData("""{"batchItemFailures":[{"itemIdentifier":"10"},{"itemIdentifier":"9"}]}""", KinesisBatchResult.RetryFrom)]
    public void lambda_reads_a_partial_batch_response_as_the_guide_states(string response, KinesisBatchResult expected)
    {
        var outcome = KinesisBatchOutcome.Of(new LambdaInvocation(false, JsonNode.Parse(response), 200, null), ["9", "10", "11"]);

        outcome.Result.ShouldBe(expected);
        if (expected == KinesisBatchResult.RetryFrom) outcome.RetryFrom.ShouldBe("9");
    }
}
