using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using Amazon.DynamoDBv2.Model;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>
/// The DynamoDB item of one user: "user_id" (hash key), "version" (N, the optimistic-concurrency
/// attribute every write is conditioned on), "profile" (S, the aggregate as JSON) and "applied_event_ids"
/// (L of S, the newest event ids applied, oldest first, bounded).
/// </summary>
internal sealed record ProfileItem(UserProfile Profile, long Version, List<string> AppliedEventIds)
{
    public const string UserIdAttribute = "user_id";
    public const string VersionAttribute = "version";
    public const string ProfileAttribute = "profile";
    public const string AppliedAttribute = "applied_event_ids";

    public static ProfileItem New(string userId) => new(new UserProfile { UserId = userId }, 0, []);

    public static ProfileItem FromAttributes(Dictionary<string, AttributeValue> item)
    {
        var profile = JsonSerializer.Deserialize(item[ProfileAttribute].S, ProfileJsonContext.Default.UserProfile)
                      ?? throw new JsonException($"the profile of {item[UserIdAttribute].S} is JSON null");
        var version = long.Parse(item[VersionAttribute].N, CultureInfo.InvariantCulture);
        var applied = item.TryGetValue(AppliedAttribute, out var list) && list.L is { } values
            ? values.Select(v => v.S).ToList()
            : [];
        return new ProfileItem(profile, version, applied);
    }

    public Dictionary<string, AttributeValue> ToAttributes() => new()
    {
        [UserIdAttribute] = new AttributeValue { S = Profile.UserId },
        [VersionAttribute] = new AttributeValue { N = Version.ToString(CultureInfo.InvariantCulture) },
        [ProfileAttribute] = new AttributeValue { S = JsonSerializer.Serialize(Profile, ProfileJsonContext.Default.UserProfile) },
        [AppliedAttribute] = new AttributeValue { L = AppliedEventIds.Select(id => new AttributeValue { S = id }).ToList() },
    };
}

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(UserProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;
