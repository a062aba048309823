using System.Text.Json;

namespace Producer.Outbox;

/// <summary>A row of the outbox: its place in the queue and its events, one contract-v1 JSON object per line.</summary>
public sealed record OutboxEntry(long Sequence, int Count, byte[] JsonLines)
{
    public IReadOnlyList<ReadOnlyMemory<byte>> Lines()
    {
        var lines = new List<ReadOnlyMemory<byte>>(Count);
        var rest = JsonLines.AsMemory();
        while (rest.Length > 0)
        {
            var end = rest.Span.IndexOf((byte)'\n');
            if (end < 0)
            {
                lines.Add(rest);
                break;
            }
            lines.Add(rest[..end]);
            rest = rest[(end + 1)..];
        }
        return lines;
    }

    public static byte[] JoinLines(IReadOnlyList<ReadOnlyMemory<byte>> lines)
    {
        var joined = new byte[lines.Sum(l => l.Length) + Math.Max(0, lines.Count - 1)];
        var at = 0;
        for (var i = 0; i < lines.Count; i++)
        {
            if (i > 0) joined[at++] = (byte)'\n';
            lines[i].Span.CopyTo(joined.AsSpan(at));
            at += lines[i].Length;
        }
        return joined;
    }

    /// <summary>The event_id of one stored line, read without building the whole event.</summary>
    public static string? EventIdOf(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        var depth = 0;
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray: depth++; break;
                case JsonTokenType.EndObject or JsonTokenType.EndArray: depth--; break;
                case JsonTokenType.PropertyName when depth == 1 && reader.ValueTextEquals("event_id"u8):
                    reader.Read();
                    return reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
            }
        }
        return null;
    }

    /// <summary>The rows of a batch as one JSON array: lines become array elements, without re-serializing.</summary>
    public static byte[] JsonArray(IReadOnlyList<OutboxEntry> rows)
    {
        var body = new byte[2 + rows.Sum(r => r.JsonLines.Length) + Math.Max(0, rows.Count - 1)];
        var at = 0;
        body[at++] = (byte)'[';
        for (var i = 0; i < rows.Count; i++)
        {
            if (i > 0) body[at++] = (byte)',';
            var lines = rows[i].JsonLines;
            lines.CopyTo(body, at);
            // JSON text never holds a raw newline (strings escape it), so each one is a separator.
            body.AsSpan(at, lines.Length).Replace((byte)'\n', (byte)',');
            at += lines.Length;
        }
        body[at] = (byte)']';
        return body;
    }
}

public sealed record RejectedEvent(string EventId, string Error, DateTimeOffset RejectedAt, byte[] Json);
