using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2.Model;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>
/// The DynamoDB item of one user: "user_id" (hash key), "version" (N, the optimistic-concurrency attribute every write
/// is conditioned on), "profile" (S, the aggregate as JSON) and "applied_events" (M: each event id applied within the
/// de-duplication window → when, N epoch milliseconds). The item is the user's, so the ids are per listener.
/// Items of the first layout carry "applied_event_ids" (L of S) instead: those ids count as applied when first read.
/// </summary>
internal sealed record ProfileItem(UserProfile Profile, long Version, Dictionary<string, long> AppliedEvents)
{
    public const string UserIdAttribute = "user_id";
    public const string VersionAttribute = "version";
    public const string ProfileAttribute = "profile";
    public const string AppliedAttribute = "applied_events";
    public const string FirstLayoutAppliedAttribute = "applied_event_ids";

    public static ProfileItem New(string userId) => new(new UserProfile { UserId = userId }, 0, new(StringComparer.Ordinal));

    public static ProfileItem FromAttributes(Dictionary<string, AttributeValue> item, DateTimeOffset now)
    {
        var profile = JsonSerializer.Deserialize(item[ProfileAttribute].S, ProfileJsonContext.Default.UserProfile)
                      ?? throw new JsonException($"the profile of {item[UserIdAttribute].S} is JSON null");
        var version = long.Parse(item[VersionAttribute].N, CultureInfo.InvariantCulture);
        var applied = new Dictionary<string, long>(StringComparer.Ordinal);
        if (item.TryGetValue(AppliedAttribute, out var map) && map.M is { } entries)
            foreach (var (id, at) in entries) applied[id] = long.Parse(at.N, CultureInfo.InvariantCulture);
        if (item.TryGetValue(FirstLayoutAppliedAttribute, out var list) && list.L is { } ids)
            foreach (var id in ids) applied.TryAdd(id.S, now.ToUnixTimeMilliseconds());
        return new ProfileItem(profile, version, applied);
    }

    public Dictionary<string, AttributeValue> ToAttributes() => new()
    {
        [UserIdAttribute] = new AttributeValue { S = Profile.UserId },
        [VersionAttribute] = new AttributeValue { N = Version.ToString(CultureInfo.InvariantCulture) },
        [ProfileAttribute] = new AttributeValue { S = JsonSerializer.Serialize(Profile, ProfileJsonContext.Default.UserProfile) },
        [AppliedAttribute] = new AttributeValue
        {
            M = AppliedEvents.ToDictionary(p => p.Key, p => new AttributeValue { N = p.Value.ToString(CultureInfo.InvariantCulture) }, StringComparer.Ordinal),
        },
    };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UserProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
