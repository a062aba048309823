using System.Security.Cryptography;
using System.Text;

namespace Recommender.Adapters.Local.Streaming;

/// <summary>Maps a partition key to a shard the way Kinesis does: by the MD5 hash of the key.</summary>
internal static class ShardRouter
{
    public static int ShardOf(string partitionKey, int shardCount)
    {
        Span<byte> hash = stackalloc byte[16];
        MD5.HashData(Encoding.UTF8.GetBytes(partitionKey), hash);
        var value = BitConverter.ToUInt64(hash[..8]);
        return (int)(value % (ulong)shardCount);
    }

    public static string ShardId(int shard) => $"shardId-{shard:D12}";

    public static int ShardNumber(string shardId) =>
        shardId.StartsWith("shardId-", StringComparison.Ordinal) && int.TryParse(shardId.AsSpan(8), out var n)
            ? n
            : throw new ArgumentException($"unknown shard id \"{shardId}\"", nameof(shardId));
}
