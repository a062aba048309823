using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Contracts.AwsModels;

/// <summary>
/// One member's limits as the API reference states them: Min/Max are a length (characters of a string, bytes of a blob,
/// members of a list or map) or a value (numbers); Pattern is matched as Smithy defines it (not anchored unless it says so).
/// </summary>
public sealed record MemberLimit(double? Min = null, double? Max = null, string? Pattern = null, string[]? Enum = null);

/// <summary>
/// The limits the minified models leave out (they keep members, types and required, not min/max/pattern/enum), written
/// from each service's API reference into Limits/{uid}.json beside this class: per operation, the input member path
/// ("eventList[].eventType", "filterValues{}" for a map's values, "filterValues{key}" for its keys) and its limit.
/// </summary>
internal static class AwsModelLimits
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static Limits Load(string uid)
    {
        var name = $"Recommender.Contracts.AwsModels.Limits.{uid}.json";
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream(name);
        return stream is null ? new Limits(null, new()) : JsonSerializer.Deserialize<Limits>(stream, Json)!;
    }

    /// <param name="Source">Where the limits were read: the API reference pages of the service.</param>
    public sealed record Limits(string? Source, Dictionary<string, Dictionary<string, MemberLimit>> Operations)
    {
        public IReadOnlyDictionary<string, MemberLimit> For(string operation) =>
            Operations.TryGetValue(operation, out var limits) ? limits : new Dictionary<string, MemberLimit>();
    }
}
