using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Core.Profiles;

namespace Recommender.Adapters.Local.Profiles;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(UserProfile))]
internal sealed partial class ProfileJsonContext : JsonSerializerContext;

internal static class ProfileJson
{
    public static string Serialize(UserProfile profile) => JsonSerializer.Serialize(profile, ProfileJsonContext.Default.UserProfile);

    public static UserProfile Deserialize(string json) =>
        JsonSerializer.Deserialize(json, ProfileJsonContext.Default.UserProfile) ?? throw new JsonException("stored profile is JSON null");
}
