using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace StreamConsumers.Tests.Lambda;

/// <summary>
/// datasets/deployment/consumer-environment.json: the environment the Pulumi program gives each consumer function (its tests
/// check that side), read here so the app is booted with exactly that, its ${placeholders} filled from local peers.
/// </summary>
public static partial class ConsumerEnvironment
{
    public static readonly string[] Consumers = ["hot-path", "profile-aggregator", "archive"];

    public static Dictionary<string, string> For(string consumer, IReadOnlyDictionary<string, string> placeholders)
    {
        var definition = JsonNode.Parse(File.ReadAllText(DefinitionPath()))!.AsObject();
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var section in new[] { definition["webAdapter"], definition["shared"], definition["consumers"]![consumer] })
            foreach (var (key, value) in section!.AsObject())
                environment[key] = Placeholder().Replace(value!.GetValue<string>(), m => placeholders.TryGetValue(m.Groups["name"].Value, out var filled)
                    ? filled
                    : throw new InvalidOperationException($"consumer-environment.json uses ${{{m.Groups["name"].Value}}}, which the test does not fill"));
        return environment;
    }

    /// <summary>The Web Adapter's settings every consumer function gets, its port replaced by <paramref name="port"/>.</summary>
    public static Dictionary<string, string> WebAdapter(int port)
    {
        var definition = JsonNode.Parse(File.ReadAllText(DefinitionPath()))!["webAdapter"]!.AsObject();
        var environment = definition.ToDictionary(p => p.Key, p => p.Value!.GetValue<string>().Replace(":8080", $":{port}", StringComparison.Ordinal));
        environment["AWS_LWA_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return environment;
    }

    private static string DefinitionPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Recommender.sln"))) return Path.Combine(dir.FullName, "datasets", "deployment", "consumer-environment.json");
        throw new InvalidOperationException("repository root not found");
    }

    [GeneratedRegex(@"\$\{(?<name>[A-Za-z]+)\}")]
    private static partial Regex Placeholder();
}
