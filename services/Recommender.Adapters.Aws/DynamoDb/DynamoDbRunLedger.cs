using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Recommender.Core.Builds;

namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>
/// The run ledger in a DynamoDB table (DatasetBuilder:Aws:RunsTableName): one item per run, hash key "run_id", the run as
/// a JSON document in "run", and the lease in "lease_owner" and "lease_until". Conditional writes make the create and
/// the claim safe between Lambda invocations; the item outlives the container, so a run resumes after a cold start.
/// </summary>
public sealed class DynamoDbRunLedger(IAmazonDynamoDB dynamo, string tableName, TimeProvider time) : RunLedger(time)
{
    public const string KeyAttribute = "run_id";
    private const string RunAttribute = "run";
    private const string OwnerAttribute = "lease_owner";
    private const string UntilAttribute = "lease_until";

    // "run" may be a reserved word in expressions: every expression names attributes through these
    private static readonly Dictionary<string, string> Names = new()
    {
        ["#id"] = KeyAttribute, ["#run"] = RunAttribute, ["#owner"] = OwnerAttribute, ["#until"] = UntilAttribute,
    };

    public string TableName => tableName;

    public override async Task<BuildRun?> GetAsync(string runId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest { TableName = tableName, Key = Key(runId), ConsistentRead = true }, cancellationToken);
        return response.Item is { Count: > 0 } item ? Parse(item) : null;
    }

    protected override async Task<IReadOnlyList<BuildRun>> AllAsync(CancellationToken cancellationToken)
    {
        var runs = new List<BuildRun>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.ScanAsync(new ScanRequest
            {
                TableName = tableName,
                ConsistentRead = true,
                ExclusiveStartKey = start,
                ProjectionExpression = "#run",
                ExpressionAttributeNames = new() { ["#run"] = RunAttribute },
            }, cancellationToken);
            runs.AddRange((page.Items ?? []).Select(Parse));
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
        return runs;
    }

    protected override async Task<BuildRun> InsertIfAbsentAsync(BuildRun run, CancellationToken cancellationToken)
    {
        var item = Key(run.RunId);
        item[RunAttribute] = new AttributeValue { S = JsonSerializer.Serialize(run, Json) };
        try
        {
            await dynamo.PutItemAsync(new PutItemRequest
            {
                TableName = tableName,
                Item = item,
                ConditionExpression = "attribute_not_exists(#id)",
                ExpressionAttributeNames = new() { ["#id"] = KeyAttribute },
            }, cancellationToken);
            return run;
        }
        catch (ConditionalCheckFailedException)
        {
            return await GetAsync(run.RunId, cancellationToken) ?? throw new InvalidOperationException($"run {run.RunId} exists and cannot be read back");
        }
    }

    protected override async Task WriteAsync(BuildRun run, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(run.RunId),
                UpdateExpression = "SET #run = :run",
                ConditionExpression = "attribute_exists(#id)",
                ExpressionAttributeNames = Pick("#id", "#run"),
                ExpressionAttributeValues = new() { [":run"] = new AttributeValue { S = JsonSerializer.Serialize(run, Json) } },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            throw new InvalidOperationException($"run {run.RunId} is not in the ledger {tableName}");
        }
    }

    public override async Task<bool> TryClaimAsync(string runId, string owner, TimeSpan lease, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(runId),
                UpdateExpression = "SET #owner = :owner, #until = :until",
                ConditionExpression = "attribute_exists(#id) AND (attribute_not_exists(#owner) OR #owner = :owner OR #until < :now)",
                ExpressionAttributeNames = Pick("#id", "#owner", "#until"),
                ExpressionAttributeValues = new()
                {
                    [":owner"] = new AttributeValue { S = owner },
                    [":until"] = new AttributeValue { S = Format(now + lease) },
                    [":now"] = new AttributeValue { S = Format(now) },
                },
            }, cancellationToken);
            return true;
        }
        catch (ConditionalCheckFailedException)
        {
            return false;
        }
    }

    public override async Task ReleaseAsync(string runId, string owner, CancellationToken cancellationToken)
    {
        try
        {
            await dynamo.UpdateItemAsync(new UpdateItemRequest
            {
                TableName = tableName,
                Key = Key(runId),
                UpdateExpression = "REMOVE #owner, #until",
                ConditionExpression = "#owner = :owner",
                ExpressionAttributeNames = Pick("#owner", "#until"),
                ExpressionAttributeValues = new() { [":owner"] = new AttributeValue { S = owner } },
            }, cancellationToken);
        }
        catch (ConditionalCheckFailedException)
        {
            // taken over after the lease ran out, or never held: nothing of ours to release
        }
    }

    private static Dictionary<string, AttributeValue> Key(string runId) => new() { [KeyAttribute] = new AttributeValue { S = runId } };

    private static Dictionary<string, string> Pick(params string[] placeholders) => placeholders.ToDictionary(p => p, p => Names[p]);

    private BuildRun Parse(Dictionary<string, AttributeValue> item) =>
        item.TryGetValue(RunAttribute, out var run) && run.S is { } json
            ? JsonSerializer.Deserialize<BuildRun>(json, Json) ?? throw new InvalidDataException($"an item of {tableName} holds no run")
            : throw new InvalidDataException($"an item of {tableName} has no \"{RunAttribute}\" attribute");
}
