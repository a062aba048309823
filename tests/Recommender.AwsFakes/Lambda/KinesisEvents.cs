using System.Text.Json.Nodes;

namespace Recommender.AwsFakes.Lambda;

/// <summary>A record Lambda puts in a Kinesis event: the record's data, its sequence number and partition key, and its shard.</summary>
public sealed record KinesisBatchRecord(string SequenceNumber, byte[] Data, string PartitionKey, string ShardId = "shardId-000000000000");

/// <summary>
/// Kinesis events as Lambda sends them, built on the Lambda developer guide's example (Fixtures/kinesis-event.json, see
/// Fixtures/README.md): every member the guide shows is kept, only the record's own values are ours.
/// </summary>
public static class KinesisEvents
{
    public static string FixturePath(string name) => Path.Combine(AppContext.BaseDirectory, "Lambda", "Fixtures", name);

    /// <summary>The guide's example event, unchanged.</summary>
    public static string Example() => File.ReadAllText(FixturePath("kinesis-event.json"));

    public static string Of(IEnumerable<KinesisBatchRecord> records, string streamArn = "arn:aws:kinesis:us-east-1:111111111111:stream/recommender-events",
        string region = "us-east-1")
    {
        var template = JsonNode.Parse(Example())!["Records"]![0]!.AsObject();
        var list = new JsonArray();
        var arrival = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        foreach (var r in records)
        {
            var record = template.DeepClone().AsObject();
            var kinesis = record["kinesis"]!.AsObject();
            kinesis["partitionKey"] = r.PartitionKey;
            kinesis["sequenceNumber"] = r.SequenceNumber;
            kinesis["data"] = Convert.ToBase64String(r.Data);
            kinesis["approximateArrivalTimestamp"] = arrival;
            record["eventID"] = $"{r.ShardId}:{r.SequenceNumber}";
            record["awsRegion"] = region;
            record["eventSourceARN"] = streamArn;
            list.Add(record);
        }
        return new JsonObject { ["Records"] = list }.ToJsonString();
    }

    /// <summary>The sequence numbers of an event's records, in order.</summary>
    public static IReadOnlyList<string> SequenceNumbers(string eventJson) =>
        JsonNode.Parse(eventJson)!["Records"]!.AsArray().Select(r => r!["kinesis"]!["sequenceNumber"]!.GetValue<string>()).ToList();
}
