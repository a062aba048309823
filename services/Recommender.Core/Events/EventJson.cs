using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Core.Events;

/// <summary>Source-generated snake_case JSON for events: the stream, the archive and the Lambda payloads use it.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(PlaybackEvent))]
[JsonSerializable(typeof(List<PlaybackEvent>))]
[JsonSerializable(typeof(IReadOnlyList<PlaybackEvent>))]
public sealed partial class EventJsonContext : JsonSerializerContext;

public static class EventJson
{
    public static byte[] Serialize(PlaybackEvent e) =>
        JsonSerializer.SerializeToUtf8Bytes(e, EventJsonContext.Default.PlaybackEvent);

    /// <summary>Reads an event back from the stream or the archive; they only ever hold what the parser accepted.</summary>
    public static PlaybackEvent Deserialize(ReadOnlySpan<byte> utf8Json) =>
        JsonSerializer.Deserialize(utf8Json, EventJsonContext.Default.PlaybackEvent)
        ?? throw new JsonException("a stream record held JSON null instead of an event");
}
