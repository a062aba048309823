using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Recommender.Hosting.Security;

namespace SpotifyProducer.Tests;

/// <summary>
/// The Spotify link function as deployed: datasets/deployment/spotify-link-environment.json is the environment the Pulumi
/// program gives it (its tests check that side), read here as the app's configuration with the ${placeholders} filled from
/// local peers; and API Gateway's HTTP API in front of it, as the Web Adapter hands its requests to the app.
/// </summary>
public static partial class SpotifyLinkFunction
{
    /// <summary>The function's settings (the "function" section; the Web Adapter's own are the adapter's), as configuration keys.</summary>
    public static Dictionary<string, string?> Settings(IReadOnlyDictionary<string, string> placeholders)
    {
        var definition = JsonNode.Parse(File.ReadAllText(DefinitionPath()))!.AsObject();
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var (key, value) in definition["function"]!.AsObject())
            settings[key.Replace("__", ":", StringComparison.Ordinal)] = Placeholder().Replace(value!.GetValue<string>(), m =>
                placeholders.TryGetValue(m.Groups["name"].Value, out var filled)
                    ? filled
                    : throw new InvalidOperationException($"spotify-link-environment.json uses ${{{m.Groups["name"].Value}}}, which the test does not fill"));
        return settings;
    }

    /// <summary>
    /// The request context the Web Adapter writes (x-amzn-request-context, HTTP API payload 2.0) for a request on
    /// <paramref name="routeKey"/>: with the key authorizer's simple-response context (infra-pulumi/authorizer/handler.mjs
    /// callerContext) when the route has the authorizer, without any for the callback's route (authorization NONE).
    /// </summary>
    public static string RequestContext(string routeKey, string? keyId = null, string? scopes = null, string? userId = null)
    {
        var context = new JsonObject
        {
            ["accountId"] = "123456789012",
            ["apiId"] = "links-api",
            ["domainName"] = "links-api.execute-api.eu-west-1.amazonaws.com",
            ["http"] = new JsonObject { ["method"] = routeKey.Split(' ')[0], ["path"] = routeKey.Split(' ')[1], ["protocol"] = "HTTP/1.1", ["sourceIp"] = "192.0.2.1" },
            ["requestId"] = "JKJaXmPLvHcESHA=",
            ["routeKey"] = routeKey,
            ["stage"] = "$default",
        };
        if (keyId is not null)
        {
            var caller = new JsonObject { [GatewayContext.KeyIdField] = keyId, [GatewayContext.ScopesField] = scopes };
            if (userId is not null) caller[GatewayContext.UserIdField] = userId;
            context["authorizer"] = new JsonObject { ["lambda"] = caller };
        }
        return context.ToJsonString();
    }

    private static string DefinitionPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln"))) return Path.Combine(dir.FullName, "datasets", "deployment", "spotify-link-environment.json");
        throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
