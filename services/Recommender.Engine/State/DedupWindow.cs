using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;

namespace Recommender.Engine.State;

/// <summary>The journal's de-duplication window in memory: a 128-bit key of (user_id, event_id) for each of the newest
/// <c>size</c> events, so telling a redelivery from a new event costs a hash lookup, not a query (16 bytes a key, where the
/// strings themselves took about 60; a false match is as likely as a 128-bit collision).</summary>
internal sealed class DedupWindow(int size)
{
    private readonly HashSet<UInt128> _keys = [];
    private readonly Queue<UInt128> _order = new();

    /// <summary>How many keys were ever added (the journal numbers its key rows by it).</summary>
    public long LastOrdinal { get; private set; }

    public bool Contains(UInt128 key) => _keys.Contains(key);

    public void Add(IEnumerable<UInt128> keys)
    {
        foreach (var key in keys)
        {
            LastOrdinal++;
            if (!_keys.Add(key)) continue;
            _order.Enqueue(key);
            if (_order.Count > size) _keys.Remove(_order.Dequeue());
        }
    }

    /// <summary>Adds a stored row of keys whose last one was key number <paramref name="lastOrdinal"/>.</summary>
    public void Load(long lastOrdinal, byte[] packed)
    {
        var keys = new UInt128[packed.Length / 16];
        for (var i = 0; i < keys.Length; i++) keys[i] = BinaryPrimitives.ReadUInt128LittleEndian(packed.AsSpan(i * 16, 16));
        LastOrdinal = lastOrdinal - keys.Length;
        Add(keys);
    }

    public static byte[] Pack(IReadOnlyList<UInt128> keys)
    {
        var packed = new byte[keys.Count * 16];
        for (var i = 0; i < keys.Count; i++) BinaryPrimitives.WriteUInt128LittleEndian(packed.AsSpan(i * 16, 16), keys[i]);
        return packed;
    }

    /// <summary>The key of one listener's event: the first 16 bytes of SHA-256 over both ids (lengths first, so no two pairs share an input).</summary>
    public static UInt128 KeyOf(string userId, string eventId)
    {
        var input = new byte[8 + Encoding.UTF8.GetMaxByteCount(userId.Length + eventId.Length)];
        var userBytes = Encoding.UTF8.GetBytes(userId, input.AsSpan(8));
        var eventBytes = Encoding.UTF8.GetBytes(eventId, input.AsSpan(8 + userBytes));
        BinaryPrimitives.WriteInt32LittleEndian(input, userBytes);
        BinaryPrimitives.WriteInt32LittleEndian(input.AsSpan(4), eventBytes);
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(input.AsSpan(0, 8 + userBytes + eventBytes), hash);
        return BinaryPrimitives.ReadUInt128LittleEndian(hash);
    }
}
