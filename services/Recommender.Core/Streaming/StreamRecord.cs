namespace Recommender.Core.Streaming;

/// <summary>
/// One record read from a stream shard. Sequence numbers are decimal strings, as in Kinesis:
/// compare them with <see cref="SequenceNumbers.Compare"/>, never as text.
/// </summary>
public sealed record StreamRecord(
    string ShardId,
    string SequenceNumber,
    string PartitionKey,
    ReadOnlyMemory<byte> Data,
    DateTimeOffset ApproximateArrivalTimestamp);

public static class SequenceNumbers
{
    public static int Compare(string a, string b)
    {
        var byLength = a.Length.CompareTo(b.Length);
        return byLength != 0 ? byLength : string.CompareOrdinal(a, b);
    }
}
