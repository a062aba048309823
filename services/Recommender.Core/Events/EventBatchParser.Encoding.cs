using System.Text;
using System.Text.Json;

namespace Recommender.Core.Events;

/// <summary>What JSON allows but the contract does not: a key twice in one object, and bytes that are not UTF-8.</summary>
public static partial class EventBatchParser
{
    /// <summary>Paths (like "track.artists[0].name") of the keys an object carries more than once, at any depth.</summary>
    private static IEnumerable<string> DuplicateKeys(JsonElement element, string? path = null, bool recurse = true)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            var names = new List<string>();
            foreach (var property in element.EnumerateObject())
            {
                var field = path is null ? property.Name : $"{path}.{property.Name}";
                if (names.Contains(property.Name, StringComparer.Ordinal)) yield return field;
                else names.Add(property.Name);
                if (recurse && property.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    foreach (var nested in DuplicateKeys(property.Value, field)) yield return nested;
            }
        }
        else if (element.ValueKind == JsonValueKind.Array)
        {
            var i = 0;
            foreach (var item in element.EnumerateArray())
            {
                if (item.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    foreach (var nested in DuplicateKeys(item, $"{path ?? "$"}[{i}]")) yield return nested;
                i++;
            }
        }
    }

    private static int FirstInvalidUtf8Byte(ReadOnlySpan<byte> bytes)
    {
        var at = 0;
        while (at < bytes.Length && Rune.DecodeFromUtf8(bytes[at..], out _, out var consumed) == System.Buffers.OperationStatus.Done) at += consumed;
        return at;
    }
}
