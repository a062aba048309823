using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Amazon.Runtime;
using Microsoft.AspNetCore.Http;
using Recommender.Contracts;
using Recommender.Contracts.AwsModels;

namespace Recommender.AwsFakes;

/// <summary>One request a fake accepted: the model and operation it named, its body, and the HTTP request.</summary>
public sealed record AwsCall(AwsServiceModel Service, AwsOperation Operation, JsonObject Input, byte[] Body, HttpContext Context);

/// <summary>
/// The front of every AWS fake: an endpoint on loopback that does what AWS does before an operation runs, in AWS's order
/// and with its error codes: SigV4 (service, region, date, known key, signature), the operation the request names in one
/// of the service models (X-Amz-Target, or method and path), the content type, the body read into the operation's input
/// shape (SerializationException) and its constraints (the service's validation error). Only then does the fake's handler
/// run; the answer it builds is checked against the operation's output shape, and one off the model fails the call (500)
/// and is kept in <see cref="ModelViolations"/>, since it would be a bug of the fake's.
/// </summary>
public sealed class AwsFakeEndpoint : IAsyncDisposable
{
    private readonly IReadOnlyList<AwsServiceModel> _models;
    private readonly Func<AwsCall, Task<JsonObject?>> _handle;
    private readonly string _validationErrorCode;
    private LoopbackServer _server = null!;
    private int _throttleNext;

    private AwsFakeEndpoint(IReadOnlyList<AwsServiceModel> models, Func<AwsCall, Task<JsonObject?>> handle, string validationErrorCode,
        string region, AWSCredentials known)
    {
        _models = models;
        _handle = handle;
        _validationErrorCode = validationErrorCode;
        Region = region;
        Known = known;
    }

    /// <param name="validationErrorCode">What the service answers a constraint violation with (ValidationException; Personalize: InvalidInputException).</param>
    /// <param name="handle">Runs an accepted call; returns the answer body, or null when it wrote the response itself (a proxy).</param>
    public static async Task<AwsFakeEndpoint> StartAsync(IReadOnlyList<AwsServiceModel> models, string validationErrorCode, string region,
        AWSCredentials known, Func<AwsCall, Task<JsonObject?>> handle)
    {
        var endpoint = new AwsFakeEndpoint(models, handle, validationErrorCode, region, known);
        endpoint._server = await LoopbackServer.StartAsync(endpoint.HandleAsync);
        return endpoint;
    }

    public Uri Url => _server.BaseUrl;
    public string Region { get; }

    /// <summary>The one key pair the service knows.</summary>
    public AWSCredentials Known { get; set; }

    /// <summary>The service's clock, against which a request's X-Amz-Date must be within 15 minutes.</summary>
    public TimeProvider Clock { get; set; } = TimeProvider.System;

    /// <summary>Every call that passed the checks, in order.</summary>
    public ConcurrentQueue<AwsCall> Accepted { get; } = new();

    /// <summary>Accepted calls by operation name.</summary>
    public ConcurrentDictionary<string, int> Calls { get; } = new();

    /// <summary>Every request refused by the model checks (operation: message), so a test can show what was refused.</summary>
    public ConcurrentQueue<string> Refused { get; } = new();

    /// <summary>Answers the fake built that the model does not allow; always empty when the fake is right.</summary>
    public ConcurrentQueue<string> ModelViolations { get; } = new();

    /// <summary>Answer the next <paramref name="count"/> signed requests with ThrottlingException.</summary>
    public void ThrottleNext(int count) => Interlocked.Exchange(ref _throttleNext, count);

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        var request = context.Request;
        var target = request.Headers["X-Amz-Target"].ToString();
        var found = _models.Select(m => (Model: m, Operation: m.Find(request.Method, request.Path.Value ?? "/", target.Length == 0 ? null : target)))
            .FirstOrDefault(f => f.Operation is not null);
        var protocol = found.Model?.Protocol ?? _models[0].Protocol;
        try
        {
            var signingName = found.Model?.SigningName ?? _models[0].SigningName;
            if (await SigV4Check.VerifyAsync(request, body, signingName, Region, Known, Clock) is { } refused) throw refused;
            if (found.Operation is null) throw new AwsFault(400, "UnknownOperationException", $"no operation at {request.Method} {request.Path} {target}");
            var (model, operation) = (found.Model!, found.Operation);
            if (request.ContentType?.Split(';')[0].Trim() != model.ContentType)
                throw new AwsFault(400, "SerializationException", $"content type must be {model.ContentType}; got {request.ContentType}");
            if (Interlocked.Decrement(ref _throttleNext) >= 0) throw new AwsFault(400, "ThrottlingException", "Rate exceeded");
            var input = Parse(body);
            var check = operation.CheckInput(input);
            if (check.SerializationProblems.Count > 0) throw Remember(operation, new AwsFault(400, "SerializationException", check.SerializationMessage()));
            if (!check.Passed) throw Remember(operation, new AwsFault(400, _validationErrorCode, check.ConstraintMessage()));

            var call = new AwsCall(model, operation, input, body, context);
            var answer = await _handle(call);
            Accepted.Enqueue(call);
            Calls.AddOrUpdate(operation.Name, 1, (_, n) => n + 1);
            if (answer is null) return;
            var output = operation.CheckOutput(answer);
            if (!output.Passed)
            {
                ModelViolations.Enqueue($"{operation.Name}: {output}");
                throw new AwsFault(500, "InternalFailure", $"the fake's answer to {operation.Name} is off the model: {output}");
            }
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            context.Response.ContentType = model.Protocol == "json" ? model.ContentType : "application/json";
            // an operation without output answers an empty body
            await context.Response.WriteAsync(answer.Count == 0 && protocol != "json" ? "" : answer.ToJsonString());
        }
        catch (AwsFault fault)
        {
            await WriteErrorAsync(context, protocol, fault);
        }
    }

    private AwsFault Remember(AwsOperation operation, AwsFault fault)
    {
        Refused.Enqueue($"{operation.Name}: {fault.Code}: {fault.Message}");
        return fault;
    }

    private static JsonObject Parse(byte[] body)
    {
        if (body.Length == 0) return [];
        try
        {
            return JsonNode.Parse(body) as JsonObject ?? throw new AwsFault(400, "SerializationException", "the body is not a JSON object");
        }
        catch (JsonException e)
        {
            throw new AwsFault(400, "SerializationException", $"the body is not JSON: {e.Message}");
        }
    }

    /// <summary>x-amzn-RequestId, x-amzn-ErrorType and {"__type", "message"}; JSON 1.x services answer client errors with 400.</summary>
    private static Task WriteErrorAsync(HttpContext context, string protocol, AwsFault fault)
    {
        context.Response.StatusCode = protocol == "json" && fault.Status is >= 400 and < 500 and not 403 ? 400 : fault.Status;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        context.Response.Headers["x-amzn-ErrorType"] = $"{fault.Code}:http://internal.amazon.com/coral/com.amazonaws/";
        context.Response.ContentType = protocol == "json" ? "application/x-amz-json-1.1" : "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new Dictionary<string, string> { ["__type"] = fault.Code, ["message"] = fault.Message }));
    }
}
