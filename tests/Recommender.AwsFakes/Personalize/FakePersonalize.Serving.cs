using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace Recommender.AwsFakes.Personalize;

// Events (PutEvents) and the runtime (GetRecommendations, GetPersonalizedRanking).
public sealed partial class FakePersonalize
{
    /// <summary>Every PutEvents body accepted, in order.</summary>
    public ConcurrentQueue<JsonObject> PutEventsCalls { get; } = new();

    /// <summary>Every runtime request body accepted, in order.</summary>
    public ConcurrentQueue<JsonObject> RuntimeCalls { get; } = new();

    /// <summary>Items the user campaign recommends, best first; the related-items campaign knows the related items of a few tracks.</summary>
    public List<string> Catalog { get; } = Enumerable.Range(1, 30).Select(i => $"track-{i}").ToList();
    public Dictionary<string, List<string>> Related { get; } = new() { ["track-1"] = ["track-2", "track-3"] };

    /// <summary>Users whose events Personalize refuses (InvalidInputException), as it refuses an event it cannot read.</summary>
    public HashSet<string> RefusedUsers { get; } = new(StringComparer.Ordinal);

    private JsonObject PutEvents(JsonObject request)
    {
        var trackingId = Required(request, "trackingId");
        if (trackingId != TrackingId) throw AwsFault.NotFound($"Could not find event tracker with tracking id {trackingId}");
        if (Optional(request, "userId") is { } user && RefusedUsers.Contains(user)) throw new AwsFault(400, "InvalidInputException", $"the events of user {user} are not valid");
        PutEventsCalls.Enqueue((JsonObject)request.DeepClone());
        return [];
    }

    private JsonObject GetRecommendations(JsonObject request)
    {
        var campaign = Optional(request, "campaignArn") ?? throw new AwsFault(400, "InvalidInputException", "campaignArn or recommenderArn is required; we use campaigns");
        var numResults = request["numResults"]?.GetValue<int>() ?? 25;
        CheckFilter(request);
        IEnumerable<string> items;
        lock (_gate)
        {
            if (!_campaigns.TryGetValue(campaign, out var state) || state.Status != "ACTIVE") throw AwsFault.NotFound($"campaign {campaign} does not exist or is not ACTIVE");
            var solution = _versions[state.Version].SolutionArn;
            if (solution == RelatedItemsSolutionArn)
            {
                var item = Optional(request, "itemId") ?? throw new AwsFault(400, "InvalidInputException", "itemId is required for a RELATED_ITEMS campaign");
                items = Related.GetValueOrDefault(item) ?? [];
            }
            else if (solution == SolutionArn)
            {
                if (Optional(request, "userId") is null) throw new AwsFault(400, "InvalidInputException", "userId is required for a USER_PERSONALIZATION campaign");
                items = Catalog;
            }
            else throw new AwsFault(400, "InvalidInputException", $"campaign {campaign} is a PERSONALIZED_RANKING campaign: use GetPersonalizedRanking");
        }
        RuntimeCalls.Enqueue((JsonObject)request.DeepClone());
        return new JsonObject { ["itemList"] = Ranked(items.Take(numResults)), ["recommendationId"] = $"RID-{Guid.NewGuid():N}" };
    }

    private JsonObject GetPersonalizedRanking(JsonObject request)
    {
        var campaign = Required(request, "campaignArn");
        var input = request["inputList"]!.AsArray().Select(n => n!.GetValue<string>()).ToList();
        if (input.Count == 0) throw new AwsFault(400, "InvalidInputException", "inputList must hold at least one item");
        CheckFilter(request);
        lock (_gate)
        {
            if (!_campaigns.TryGetValue(campaign, out var state) || state.Status != "ACTIVE") throw AwsFault.NotFound($"campaign {campaign} does not exist or is not ACTIVE");
            if (_versions[state.Version].SolutionArn != RankingSolutionArn) throw new AwsFault(400, "InvalidInputException", $"campaign {campaign} is not a PERSONALIZED_RANKING campaign");
        }
        RuntimeCalls.Enqueue((JsonObject)request.DeepClone());
        // the fake's ranking: the catalog order, unknown items last
        return new JsonObject
        {
            ["personalizedRanking"] = Ranked(input.OrderBy(id => Catalog.IndexOf(id) is var at && at < 0 ? int.MaxValue : at)),
            ["recommendationId"] = $"RID-{Guid.NewGuid():N}",
        };
    }

    /// <summary>
    /// A filter must exist; filterValues need a filterArn, name only the filter's parameters, and give a value to every
    /// parameter of an INCLUDE part (an EXCLUDE part whose parameters are left out is not applied).
    /// </summary>
    private void CheckFilter(JsonObject request)
    {
        var values = request["filterValues"]?.AsObject();
        if (Optional(request, "filterArn") is not { } arn)
        {
            if (values is { Count: > 0 }) throw new AwsFault(400, "InvalidInputException", "filterValues need a filterArn");
            return;
        }
        string expression;
        lock (_gate)
            expression = _filters.TryGetValue(arn, out var filter) ? filter.Expression : throw AwsFault.NotFound($"filter {arn} does not exist");
        var (include, exclude) = FilterExpression.Parameters(expression);
        var given = values?.Select(v => v.Key).ToList() ?? [];
        if (given.FirstOrDefault(g => !include.Contains(g) && !exclude.Contains(g)) is { } unknown)
            throw new AwsFault(400, "InvalidInputException", $"filter {arn} has no parameter {unknown}");
        if (include.FirstOrDefault(p => !given.Contains(p)) is { } missing)
            throw new AwsFault(400, "InvalidInputException", $"filter {arn} needs a value for its INCLUDE parameter {missing}");
    }

    private static JsonArray Ranked(IEnumerable<string> items) =>
        new(items.Select((id, rank) => (JsonNode)new JsonObject { ["itemId"] = id, ["score"] = Math.Round(1.0 / (rank + 2), 4) }).ToArray());
}
