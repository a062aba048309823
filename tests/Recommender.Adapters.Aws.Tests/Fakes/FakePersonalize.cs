using Recommender.Contracts;
using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Recommender.Adapters.Aws.Tests.Fakes;

/// <summary>
/// Amazon Personalize on loopback, for tests: the events API (POST /events), the runtime (POST
/// /recommendations, POST /personalize-ranking) and the control plane (JSON 1.1, X-Amz-Target
/// AmazonPersonalize.*) behind one endpoint. It checks what Personalize checks: the SigV4 signature scoped
/// to service "personalize" and the region, the content type, required members and their limits (1-10
/// events a PutEvents, properties a JSON object string of at most 1,024 characters, numResults at most
/// 500, ...), known ARNs and tracking ids; and answers with the documented shapes and error codes.
/// </summary>
public sealed class FakePersonalize : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string TrackingId = "a1b2c3d4-tracking";
    public const string DatasetGroupArn = "arn:aws:personalize:us-east-1:111111111111:dataset-group/music";
    public const string CampaignArn = "arn:aws:personalize:us-east-1:111111111111:campaign/user-personalization";
    public const string SimsCampaignArn = "arn:aws:personalize:us-east-1:111111111111:campaign/sims";
    public const string RankingCampaignArn = "arn:aws:personalize:us-east-1:111111111111:campaign/ranking";
    public const string FilterArn = "arn:aws:personalize:us-east-1:111111111111:filter/exclude";

    private LoopbackServer _server = null!;
    private readonly ConcurrentDictionary<string, JsonObject> _resources = new();
    private int _throttleNext;

    public Uri Url => _server.BaseUrl;

    /// <summary>Every PutEvents body accepted, in order.</summary>
    public ConcurrentQueue<JsonObject> PutEventsCalls { get; } = new();

    /// <summary>Every runtime request body accepted, in order.</summary>
    public ConcurrentQueue<JsonObject> RuntimeCalls { get; } = new();

    /// <summary>Items the user campaign recommends, best first; the SIMS campaign knows the related items of a few tracks.</summary>
    public List<string> Catalog { get; } = Enumerable.Range(1, 30).Select(i => $"track-{i}").ToList();
    public Dictionary<string, List<string>> Related { get; } = new() { ["track-1"] = ["track-2", "track-3"] };

    /// <summary>Answer the next <paramref name="count"/> requests with ThrottlingException.</summary>
    public void ThrottleNext(int count) => Interlocked.Exchange(ref _throttleNext, count);

    /// <summary>The one key pair the fake knows; the test credentials unless given.</summary>
    private Amazon.Runtime.AWSCredentials _known = Peers.AwsServices.TestCredentials;

    public static async Task<FakePersonalize> StartAsync(Amazon.Runtime.AWSCredentials? known = null)
    {
        var fake = new FakePersonalize();
        if (known is not null) fake._known = known;
        fake._server = await LoopbackServer.StartAsync(fake.HandleAsync);
        return fake;
    }

    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed class Refusal(int status, string code, string message) : Exception(message)
    {
        public int Status { get; } = status;
        public string Code { get; } = code;
    }

    private static Refusal Invalid(string message) => new(400, "InvalidInputException", message);
    private static Refusal NotFound(string message) => new(404, "ResourceNotFoundException", message);

    private async Task HandleAsync(HttpContext context)
    {
        using var buffer = new MemoryStream();
        await context.Request.Body.CopyToAsync(buffer);
        var body = buffer.ToArray();
        try
        {
            if (await SigV4Check.VerifyAsync(context.Request, body, "personalize", Region, _known) is { } bad)
                throw new Refusal(403, bad.Code, bad.Message);
            if (Interlocked.Decrement(ref _throttleNext) >= 0) throw new Refusal(400, "ThrottlingException", "Rate exceeded");
            var request = JsonNode.Parse(body) as JsonObject ?? throw new Refusal(400, "SerializationException", "the body is not a JSON object");
            var target = context.Request.Headers["X-Amz-Target"].ToString();
            JsonObject answer = (context.Request.Path.Value, target) switch
            {
                ("/events", "") => PutEvents(ContentType(context, "application/json"), request),
                ("/recommendations", "") => GetRecommendations(ContentType(context, "application/json"), request),
                ("/personalize-ranking", "") => GetPersonalizedRanking(ContentType(context, "application/json"), request),
                ("/", _) when target.StartsWith("AmazonPersonalize.", StringComparison.Ordinal) =>
                    ControlPlane(ContentType(context, "application/x-amz-json-1.1"), target["AmazonPersonalize.".Length..], request),
                _ => throw new Refusal(404, "UnknownOperationException", $"no operation at {context.Request.Path} {target}"),
            };
            context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(answer.Count == 0 && context.Request.Path == "/events" ? "" : answer.ToJsonString());
        }
        catch (Refusal r)
        {
            await AwsErrorResponse.WriteAsync(context, r.Status, r.Code, r.Message);
        }
        catch (JsonException e)
        {
            await AwsErrorResponse.WriteAsync(context, 400, "SerializationException", e.Message);
        }
    }

    private static JsonObject ContentType(HttpContext context, string expected) =>
        context.Request.ContentType?.Split(';')[0].Trim() == expected
            ? new JsonObject()
            : throw Invalid($"content type must be {expected}; got {context.Request.ContentType}");

    private JsonObject PutEvents(JsonObject _, JsonObject request)
    {
        var trackingId = String(request, "trackingId", required: true, max: 256)!;
        String(request, "sessionId", required: true, max: 256);
        String(request, "userId", required: false, max: 256);
        if (request["eventList"] is not JsonArray events || events.Count is < 1 or > 10)
            throw Invalid("1 validation error detected: Value at 'eventList' failed to satisfy constraint: Member must have length less than or equal to 10 and greater than or equal to 1");
        foreach (var node in events)
        {
            var e = node as JsonObject ?? throw Invalid("an event is an object");
            String(e, "eventType", required: true, max: 256);
            String(e, "eventId", required: false, max: 256);
            String(e, "itemId", required: false, max: 256);
            if (e["sentAt"] is not JsonValue sentAt || sentAt.GetValueKind() != JsonValueKind.Number) throw Invalid("sentAt is required, a timestamp in epoch seconds");
            if (e["eventValue"] is { } value && value.GetValueKind() != JsonValueKind.Number) throw Invalid("eventValue must be a number");
            if (String(e, "properties", required: false, max: 1024) is { } properties && JsonNode.Parse(properties) is not JsonObject)
                throw Invalid("properties must be a JSON object string");
        }
        if (trackingId != TrackingId) throw NotFound($"Could not find event tracker with tracking id {trackingId}");
        PutEventsCalls.Enqueue(request);
        return new JsonObject();
    }

    private JsonObject GetRecommendations(JsonObject _, JsonObject request)
    {
        var campaign = String(request, "campaignArn", required: true, max: 256)!;
        var numResults = request["numResults"]?.GetValue<int>() ?? 25;
        if (numResults is < 1 or > 500) throw Invalid("numResults must be 1 to 500");
        if (request["filterValues"] is not null && request["filterArn"] is null) throw Invalid("filterValues needs a filterArn");
        if (request["filterArn"] is { } filter && filter.GetValue<string>() != FilterArn) throw NotFound($"filter {filter} does not exist");
        RuntimeCalls.Enqueue(request);
        IEnumerable<string> items;
        if (campaign == CampaignArn)
        {
            String(request, "userId", required: true, max: 256);
            items = Catalog;
        }
        else if (campaign == SimsCampaignArn)
            items = Related.GetValueOrDefault(String(request, "itemId", required: true, max: 256)!) ?? [];
        else throw NotFound($"campaign {campaign} does not exist");
        var list = items.Take(numResults).Select((id, rank) => (JsonNode)new JsonObject { ["itemId"] = id, ["score"] = Math.Round(1.0 / (rank + 2), 4) });
        return new JsonObject { ["itemList"] = new JsonArray(list.ToArray()), ["recommendationId"] = $"RID-{Guid.NewGuid():N}" };
    }

    private JsonObject GetPersonalizedRanking(JsonObject _, JsonObject request)
    {
        var campaign = String(request, "campaignArn", required: true, max: 256)!;
        String(request, "userId", required: true, max: 256);
        if (request["inputList"] is not JsonArray input || input.Count is < 1 or > 500) throw Invalid("inputList must hold 1 to 500 item ids");
        if (campaign != RankingCampaignArn) throw NotFound($"campaign {campaign} does not exist");
        RuntimeCalls.Enqueue(request);
        // The fake's ranking: the catalog order, unknown items last.
        var ranked = input.Select(n => n!.GetValue<string>())
            .OrderBy(id => Catalog.IndexOf(id) is var at && at < 0 ? int.MaxValue : at)
            .Select((id, rank) => (JsonNode)new JsonObject { ["itemId"] = id, ["score"] = Math.Round(1.0 / (rank + 2), 4) });
        return new JsonObject { ["personalizedRanking"] = new JsonArray(ranked.ToArray()), ["recommendationId"] = $"RID-{Guid.NewGuid():N}" };
    }

    private JsonObject ControlPlane(JsonObject _, string operation, JsonObject request)
    {
        string Arn(string kind) => $"arn:aws:personalize:{Region}:111111111111:{kind}/{Guid.NewGuid():N}";
        JsonObject Known(string member)
        {
            var arn = String(request, member, required: true, max: 256)!;
            return _resources.TryGetValue(arn, out var resource) ? resource : throw NotFound($"{arn} does not exist");
        }
        JsonObject Activated(JsonObject resource)
        {
            // The first describe finds it in progress, the next one done: callers must poll.
            resource["status"] = resource["status"]!.GetValue<string>() == "CREATE PENDING" ? "CREATE IN_PROGRESS" : "ACTIVE";
            return (JsonObject)resource.DeepClone();
        }
        switch (operation)
        {
            case "CreateDatasetImportJob":
            {
                String(request, "jobName", required: true, max: 63);
                String(request, "datasetArn", required: true, max: 256);
                String(request, "roleArn", required: true, max: 256);
                var location = (request["dataSource"] as JsonObject)?["dataLocation"]?.GetValue<string>();
                if (location is null || !location.StartsWith("s3://", StringComparison.Ordinal)) throw Invalid("dataSource.dataLocation must be an s3:// path");
                if (request["importMode"]?.GetValue<string>() is { } mode && mode is not ("FULL" or "INCREMENTAL")) throw Invalid($"importMode {mode} is not FULL or INCREMENTAL");
                var arn = Arn("dataset-import-job");
                _resources[arn] = new JsonObject { ["datasetImportJobArn"] = arn, ["jobName"] = request["jobName"]!.DeepClone(), ["status"] = "CREATE PENDING" };
                return new JsonObject { ["datasetImportJobArn"] = arn };
            }
            case "DescribeDatasetImportJob":
                return new JsonObject { ["datasetImportJob"] = Activated(Known("datasetImportJobArn")) };
            case "CreateSolutionVersion":
            {
                String(request, "solutionArn", required: true, max: 256);
                if (request["trainingMode"]?.GetValue<string>() is { } mode && mode is not ("FULL" or "UPDATE" or "AUTOTRAIN")) throw Invalid($"trainingMode {mode} is not valid");
                var arn = Arn("solution-version");
                _resources[arn] = new JsonObject { ["solutionVersionArn"] = arn, ["status"] = "CREATE PENDING", ["trainingMode"] = request["trainingMode"]?.DeepClone() };
                return new JsonObject { ["solutionVersionArn"] = arn };
            }
            case "DescribeSolutionVersion":
                return new JsonObject { ["solutionVersion"] = Activated(Known("solutionVersionArn")) };
            case "GetSolutionMetrics":
            {
                var version = Known("solutionVersionArn");
                if (version["status"]!.GetValue<string>() != "ACTIVE") throw new Refusal(400, "ResourceInUseException", "the solution version is not ACTIVE");
                return new JsonObject
                {
                    ["solutionVersionArn"] = version["solutionVersionArn"]!.DeepClone(),
                    ["metrics"] = new JsonObject { ["coverage"] = 0.31, ["mean_reciprocal_rank_at_25"] = 0.12, ["normalized_discounted_cumulative_gain_at_10"] = 0.15, ["precision_at_10"] = 0.04 },
                };
            }
            case "UpdateCampaign":
            {
                var campaign = String(request, "campaignArn", required: true, max: 256)!;
                if (campaign is not (CampaignArn or SimsCampaignArn or RankingCampaignArn)) throw NotFound($"campaign {campaign} does not exist");
                var version = Known("solutionVersionArn");
                _resources[campaign] = new JsonObject
                {
                    ["campaignArn"] = campaign, ["status"] = "ACTIVE", ["solutionVersionArn"] = version["solutionVersionArn"]!.DeepClone(),
                    ["latestCampaignUpdate"] = new JsonObject { ["solutionVersionArn"] = version["solutionVersionArn"]!.DeepClone(), ["status"] = "CREATE PENDING" },
                };
                return new JsonObject { ["campaignArn"] = campaign };
            }
            case "DescribeCampaign":
            {
                var campaign = Known("campaignArn");
                if (campaign["latestCampaignUpdate"] is JsonObject update) update["status"] = "ACTIVE";
                return new JsonObject { ["campaign"] = campaign.DeepClone() };
            }
            case "CreateCampaign":
            {
                var name = String(request, "name", required: true, max: 63)!;
                if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-zA-Z0-9][a-zA-Z0-9\\-_]*$")) throw Invalid($"name {name} does not match [a-zA-Z0-9][a-zA-Z0-9\\-_]*");
                var version = Known("solutionVersionArn");
                if (version["status"]!.GetValue<string>() != "ACTIVE") throw new Refusal(400, "ResourceInUseException", "the solution version is not ACTIVE");
                if (request["minProvisionedTPS"]?.GetValue<int>() is < 1) throw Invalid("minProvisionedTPS must be at least 1");
                var arn = $"arn:aws:personalize:{Region}:111111111111:campaign/{name}";
                if (_resources.ContainsKey(arn)) throw new Refusal(400, "ResourceAlreadyExistsException", $"campaign {name} already exists");
                _resources[arn] = new JsonObject { ["campaignArn"] = arn, ["status"] = "CREATE PENDING", ["solutionVersionArn"] = version["solutionVersionArn"]!.DeepClone() };
                return new JsonObject { ["campaignArn"] = arn };
            }
            case "DescribeFilter":
                return new JsonObject { ["filter"] = Known("filterArn").DeepClone() };
            case "ListSolutionVersions":
            {
                String(request, "solutionArn", required: true, max: 256);
                var versions = _resources.Values.Where(r => r.ContainsKey("solutionVersionArn") && !r.ContainsKey("campaignArn"))
                    .Select(r => (JsonNode)new JsonObject { ["solutionVersionArn"] = r["solutionVersionArn"]!.DeepClone(), ["status"] = r["status"]!.DeepClone() }).ToArray();
                return new JsonObject { ["solutionVersions"] = new JsonArray(versions) };
            }
            case "CreateFilter":
            {
                String(request, "name", required: true, max: 63);
                if (String(request, "datasetGroupArn", required: true, max: 256) != DatasetGroupArn) throw NotFound("dataset group does not exist");
                var expression = String(request, "filterExpression", required: true, max: 2500)!;
                if (!expression.StartsWith("EXCLUDE ", StringComparison.Ordinal) && !expression.StartsWith("INCLUDE ", StringComparison.Ordinal))
                    throw Invalid("filterExpression must start with EXCLUDE or INCLUDE");
                var filterArn = $"arn:aws:personalize:{Region}:111111111111:filter/{request["name"]}";
                if (_resources.ContainsKey(filterArn)) throw new Refusal(400, "ResourceAlreadyExistsException", "the filter exists");
                _resources[filterArn] = new JsonObject { ["filterArn"] = filterArn, ["status"] = "ACTIVE", ["filterExpression"] = expression };
                return new JsonObject { ["filterArn"] = filterArn };
            }
            case "ListEventTrackers":
            {
                var maxResults = request["maxResults"]?.GetValue<int>() ?? 100;
                if (maxResults is < 1 or > 100) throw Invalid("maxResults must be 1 to 100");
                var trackers = _resources.Values.Where(r => r.ContainsKey("eventTrackerArn")).Select(r => (JsonNode)r.DeepClone()).ToArray();
                return new JsonObject { ["eventTrackers"] = new JsonArray(trackers) };
            }
            case "CreateEventTracker":
            {
                var name = String(request, "name", required: true, max: 63)!;
                if (String(request, "datasetGroupArn", required: true, max: 256) != DatasetGroupArn) throw NotFound("dataset group does not exist");
                if (_resources.Values.Any(r => r.ContainsKey("eventTrackerArn"))) throw new Refusal(400, "ResourceAlreadyExistsException", "the dataset group has an event tracker");
                var arn = Arn("event-tracker");
                _resources[arn] = new JsonObject { ["name"] = name, ["eventTrackerArn"] = arn, ["status"] = "ACTIVE" };
                return new JsonObject { ["eventTrackerArn"] = arn, ["trackingId"] = TrackingId };
            }
            default:
                throw new Refusal(400, "UnknownOperationException", $"unknown operation {operation}");
        }
    }

    private static string? String(JsonObject o, string member, bool required, int max)
    {
        if (o[member] is null)
            return required ? throw Invalid($"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null") : null;
        if (o[member] is not JsonValue v || v.GetValueKind() != JsonValueKind.String) throw Invalid($"{member} must be a string");
        var s = v.GetValue<string>();
        if (s.Length < 1 || s.Length > max) throw Invalid($"Value at '{member}' failed to satisfy constraint: Member must have length between 1 and {max}");
        return s;
    }
}
