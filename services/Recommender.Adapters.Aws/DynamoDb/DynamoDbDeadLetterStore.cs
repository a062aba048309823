using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Recommender.Core.Consumers;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>
/// Dead letters of the hosted consumer loops in DynamoDB: hash key "consumer", range key "record_key"
/// ("{shard}|{sequence}": a record dead-lettered again replaces its letter); listed oldest first, like the SQLite table. On Lambda the event
/// source mapping's on-failure SQS queue takes this role; this table serves hosted loops on Kinesis.
/// </summary>
internal sealed class DynamoDbDeadLetterStore(IAmazonDynamoDB dynamo, string tableName, TimeProvider time) : IDeadLetterStore
{
    public const string ConsumerAttribute = "consumer";
    public const string RecordKeyAttribute = "record_key";

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
            },
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<DeadLetter>> ListAsync(string? consumer, int limit, CancellationToken cancellationToken)
    {
        List<Dictionary<string, AttributeValue>> items;
        if (consumer is not null)
        {
            var response = await dynamo.QueryAsync(new QueryRequest
            {
                TableName = TableName,
                KeyConditionExpression = "#c = :c",
                ExpressionAttributeNames = new() { ["#c"] = ConsumerAttribute },
                ExpressionAttributeValues = new() { [":c"] = new AttributeValue { S = consumer } },
            }, cancellationToken).ConfigureAwait(false);
            items = response.Items ?? [];
        }
        else
        {
            // Across consumers: a scan, fine for a table that should stay nearly empty.
            var response = await dynamo.ScanAsync(new ScanRequest { TableName = TableName }, cancellationToken).ConfigureAwait(false);
            items = response.Items ?? [];
        }
        return items.Select(ToDeadLetter).OrderBy(d => d.FailedAt).Take(limit).ToList();
    }

    private static DeadLetter ToDeadLetter(Dictionary<string, AttributeValue> item) => new(
        item[ConsumerAttribute].S,
        item["shard_id"].S,
        item["sequence_number"].S,
        item["error"].S,
        int.Parse(item["attempts"].N, CultureInfo.InvariantCulture),
        DateTimeOffset.Parse(item["failed_at"].S, CultureInfo.InvariantCulture),
        System.Text.Encoding.UTF8.GetString(item["data"].B.ToArray()));
}
