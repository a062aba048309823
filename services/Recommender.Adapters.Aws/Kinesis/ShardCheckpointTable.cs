using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;

namespace Recommender.Adapters.Aws.Kinesis;

/// <summary>
/// Checkpoints of the hosted shard readers in a small DynamoDB table: one item per consumer and shard,
/// key "checkpoint_key" = "{consumer}|{shardId}", attribute "sequence_number". (Lambda's event source
/// mapping keeps its own checkpoints; this table serves the hosted loop, e.g. the all-in-one host on kinesalite.)
/// </summary>
internal sealed class ShardCheckpointTable(IAmazonDynamoDB dynamo, string tableName, TimeProvider clock)
{
    public const string KeyAttribute = "checkpoint_key";
    public const string SequenceAttribute = "sequence_number";

    public string TableName { get; } = tableName;

    public async Task<string?> GetAsync(string consumer, string shardId, CancellationToken ct)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = TableName,
            Key = Key(consumer, shardId),
            ConsistentRead = true,
        }, ct).ConfigureAwait(false);
        return response.Item is { } item && item.TryGetValue(SequenceAttribute, out var value) ? value.S : null;
    }

    public Task SetAsync(string consumer, string shardId, string sequenceNumber, CancellationToken ct)
    {
        var item = Key(consumer, shardId);
        item[SequenceAttribute] = new AttributeValue { S = sequenceNumber };
        item["updated_at"] = new AttributeValue { S = clock.GetUtcNow().ToString("O") };
        return dynamo.PutItemAsync(new PutItemRequest { TableName = TableName, Item = item }, ct);
    }

    private static Dictionary<string, AttributeValue> Key(string consumer, string shardId) =>
        new() { [KeyAttribute] = new AttributeValue { S = $"{consumer}|{shardId}" } };
}
