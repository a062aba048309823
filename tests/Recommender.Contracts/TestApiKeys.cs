using Recommender.Core.Access;

namespace Recommender.Contracts;

/// <summary>Real API keys for tests, and the configuration that seeds a host with one (its digest, never the key).</summary>
public static class TestApiKeys
{
    public static string New() => ApiKeySecret.New().Text;

    /// <summary>Security:ApiKeys:&lt;id&gt;:… settings for <paramref name="key"/> with these scopes (and user).</summary>
    public static Dictionary<string, string?> Seed(string key, string scopes, string? userId = null)
    {
        var id = ApiKeySecret.KeyIdOf(key) ?? throw new ArgumentException("not a key made by ApiKeySecret.New", nameof(key));
        var prefix = $"Security:ApiKeys:{id}";
        var settings = new Dictionary<string, string?>
        {
            [$"{prefix}:Sha256"] = Convert.ToHexStringLower(ApiKeySecret.Digest(key)),
            [$"{prefix}:Scopes"] = scopes,
        };
        if (userId is not null) settings[$"{prefix}:User"] = userId;
        return settings;
    }
}
