using System.Text.Json;
using System.Text.Json.Serialization;

namespace Recommender.Adapters.Aws.Readiness;

/// <summary>One AWS resource a service needs: the control-plane call that checks it, the IAM action that call needs, and the setting naming it.</summary>
public sealed record AwsDependency(string Name, string Operation, string Action, string Setting);

/// <summary>
/// datasets/deployment/readiness.json, embedded in this assembly: the AWS dependencies each deployed service declares. The
/// Pulumi program reads the same file to grant each role exactly these actions, on these resources only.
/// </summary>
public static class AwsDependencies
{
    public const string ResourceName = "Recommender.Adapters.Aws.readiness.json";

    private static readonly Lazy<Definition> Loaded = new(Load);

    /// <summary>Every service the definition names, with its dependencies in declared order.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<AwsDependency>> ByService => Loaded.Value.ByService;

    /// <summary>The dependencies of <paramref name="roles"/>, each once; a role the definition does not name has none.</summary>
    public static IReadOnlyList<AwsDependency> Of(IEnumerable<string> roles) =>
        roles.SelectMany(r => ByService.TryGetValue(r, out var d) ? d : []).DistinctBy(d => d.Name).ToList();

    private static Definition Load()
    {
        using var stream = typeof(AwsDependencies).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"{ResourceName} is not embedded in {typeof(AwsDependencies).Assembly.GetName().Name}");
        var file = JsonSerializer.Deserialize(stream, ReadinessJsonContext.Default.ReadinessFile)
            ?? throw new InvalidOperationException($"{ResourceName} is empty");
        var dependencies = file.Dependencies.ToDictionary(d => d.Key, d => new AwsDependency(d.Key, d.Value.Operation, d.Value.Action, d.Value.Setting));
        return new Definition(file.Services.ToDictionary(s => s.Key, s => (IReadOnlyList<AwsDependency>)s.Value.Select(name =>
            dependencies.TryGetValue(name, out var d) ? d : throw new InvalidOperationException($"{ResourceName}: {s.Key} names {name}, which is no dependency")).ToList()));
    }

    private sealed record Definition(IReadOnlyDictionary<string, IReadOnlyList<AwsDependency>> ByService);
}

internal sealed record DependencyEntry(string Operation, string Action, string Setting);

internal sealed record ReadinessFile(Dictionary<string, DependencyEntry> Dependencies, Dictionary<string, List<string>> Services);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(ReadinessFile))]
internal sealed partial class ReadinessJsonContext : JsonSerializerContext;
