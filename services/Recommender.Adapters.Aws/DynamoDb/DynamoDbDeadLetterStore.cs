using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>
/// Dead letters of the hosted consumer loops in DynamoDB: hash key "consumer", range key "record_key"
/// ("{shard}|{sequence}": a record dead-lettered again replaces its letter); listed oldest first, like the SQLite table;
/// "redrive_requested" (BOOL) marks a letter a person asked to redrive. On Lambda the event source mapping's on-failure
/// SQS queue takes this role; this table serves hosted loops on Kinesis.
/// </summary>
internal sealed class DynamoDbDeadLetterStore(IAmazonDynamoDB dynamo, string tableName, TimeProvider time) : IDeadLetterStore
{
    public const string ConsumerAttribute = "consumer";
    public const string RecordKeyAttribute = "record_key";
    private const string RedriveAttribute = "redrive_requested";

    public string TableName { get; } = tableName;

    public Task AddAsync(string consumer, StreamRecord record, string error, int attempts, CancellationToken cancellationToken)
    {
        var failedAt = time.GetUtcNow();
        return dynamo.PutItemAsync(new PutItemRequest
        {
            TableName = TableName,
            Item = new()
            {
                [ConsumerAttribute] = new AttributeValue { S = consumer },
                [RecordKeyAttribute] = new AttributeValue { S = $"{record.ShardId}|{record.SequenceNumber}" },
                ["shard_id"] = new AttributeValue { S = record.ShardId },
                ["sequence_number"] = new AttributeValue { S = record.SequenceNumber },
                ["error"] = new AttributeValue { S = error.Length <= 4096 ? error : error[..4096] },
                ["attempts"] = new AttributeValue { N = attempts.ToString(CultureInfo.InvariantCulture) },
                ["failed_at"] = new AttributeValue { S = failedAt.ToString("O") },
                ["data"] = new AttributeValue { B = new MemoryStream(record.Data.ToArray()) },
                [RedriveAttribute] = new AttributeValue { BOOL = false },
            },
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? consumer, int limit, CancellationToken cancellationToken) =>
        (await ItemsAsync(consumer, cancellationToken).ConfigureAwait(false)).Select(ToDeadLetter).OrderBy(d => d.FailedAt).Take(limit).ToList();

    public async Task<IReadOnlyList<DeadLetter>> ListRedriveRequestsAsync(string consumer, int limit, CancellationToken cancellationToken) =>
        (await ItemsAsync(consumer, cancellationToken).ConfigureAwait(false)).Select(ToDeadLetter).Where(d => d.RedriveRequested)
            .OrderBy(d => d.FailedAt).Take(limit).ToList();

    public async Task<int> RequestRedriveAsync(string? consumer, CancellationToken cancellationToken)
    {
        var marked = 0;
        foreach (var item in await ItemsAsync(consumer, cancellationToken).ConfigureAwait(false))
        {
            try
            {
                // only a letter that still exists: one redriven meanwhile stays gone
                await dynamo.UpdateItemAsync(new UpdateItemRequest
                {
                    TableName = TableName,
                    Key = Key(item[ConsumerAttribute].S, item[RecordKeyAttribute].S),
                    UpdateExpression = "SET #r = :yes",
                    ConditionExpression = "attribute_exists(#k)",
                    ExpressionAttributeNames = new() { ["#r"] = RedriveAttribute, ["#k"] = RecordKeyAttribute },
                    ExpressionAttributeValues = new() { [":yes"] = new AttributeValue { BOOL = true } },
                }, cancellationToken).ConfigureAwait(false);
                marked++;
            }
            catch (ConditionalCheckFailedException)
            {
            }
        }
        return marked;
    }

    public Task RemoveAsync(DeadLetter letter, CancellationToken cancellationToken) =>
        dynamo.DeleteItemAsync(new DeleteItemRequest { TableName = TableName, Key = Key(letter.Consumer, $"{letter.ShardId}|{letter.SequenceNumber}") },
            cancellationToken);

    private static Dictionary<string, AttributeValue> Key(string consumer, string recordKey) => new()
    {
        [ConsumerAttribute] = new AttributeValue { S = consumer },
        [RecordKeyAttribute] = new AttributeValue { S = recordKey },
    };

    private async Task<List<Dictionary<string, AttributeValue>>> ItemsAsync(string? consumer, CancellationToken cancellationToken)
    {
        var items = new List<Dictionary<string, AttributeValue>>();
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            if (consumer is not null)
            {
                var page = await dynamo.QueryAsync(new QueryRequest
                {
                    TableName = TableName,
                    KeyConditionExpression = "#c = :c",
                    ExpressionAttributeNames = new() { ["#c"] = ConsumerAttribute },
                    ExpressionAttributeValues = new() { [":c"] = new AttributeValue { S = consumer } },
                    ExclusiveStartKey = start,
                }, cancellationToken).ConfigureAwait(false);
                items.AddRange(page.Items ?? []);
                start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            }
            else
            {
                // across consumers: a scan, fine for a table that should stay nearly empty
                var page = await dynamo.ScanAsync(new ScanRequest { TableName = TableName, ExclusiveStartKey = start }, cancellationToken).ConfigureAwait(false);
                items.AddRange(page.Items ?? []);
                start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
            }
        } while (start is not null);
        return items;
    }

    private static DeadLetter ToDeadLetter(Dictionary<string, AttributeValue> item) => new(
        item[ConsumerAttribute].S,
        item["shard_id"].S,
        item["sequence_number"].S,
        item["error"].S,
        int.Parse(item["attempts"].N, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(item["failed_at"].S, CultureInfo.InvariantCulture),
        item["data"].B.ToArray(),
        item.TryGetValue(RedriveAttribute, out var redrive) && redrive.BOOL == true);
}
