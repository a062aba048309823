using System.Text.Json.Nodes;

namespace Recommender.Contracts.AwsModels;

/// <summary>
/// One AWS service's official API model, as the AWS SDK for JavaScript v2 ships it (npm `aws-sdk`,
/// apis/&lt;service&gt;-&lt;version&gt;.min.json, Apache-2.0): its protocol, signing name, operations and the shapes of
/// their input and output, plus the limits the API reference states (<see cref="AwsModelLimits"/>, which the minified
/// model leaves out). Fakes and validating proxies find the operation a request names and check it against the model.
/// </summary>
public sealed class AwsServiceModel
{
    private readonly JsonObject _shapes;
    private readonly Dictionary<string, AwsOperation> _operations = new(StringComparer.Ordinal);

    private AwsServiceModel(string uid, JsonObject model, AwsModelLimits.Limits limits)
    {
        Uid = uid;
        var metadata = model["metadata"]!.AsObject();
        Protocol = metadata["protocol"]!.GetValue<string>();
        EndpointPrefix = metadata["endpointPrefix"]!.GetValue<string>();
        SigningName = metadata["signingName"]?.GetValue<string>() ?? EndpointPrefix;
        TargetPrefix = metadata["targetPrefix"]?.GetValue<string>();
        JsonVersion = metadata["jsonVersion"]?.GetValue<string>() ?? "1.0";
        _shapes = model["shapes"]?.AsObject() ?? new JsonObject();
        foreach (var (name, node) in model["operations"]!.AsObject())
            _operations[name] = new AwsOperation(this, name, node!.AsObject(), limits.For(name));
    }

    /// <summary>"personalize-2018-05-22": the model file's name without ".min.json".</summary>
    public string Uid { get; }

    /// <summary>"json" (JSON 1.0/1.1, X-Amz-Target) or "rest-json" (operation by method and path).</summary>
    public string Protocol { get; }

    public string EndpointPrefix { get; }

    /// <summary>The SigV4 service name requests are scoped to.</summary>
    public string SigningName { get; }

    /// <summary>The X-Amz-Target prefix of a JSON protocol service ("Kinesis_20131202"); null for REST-JSON.</summary>
    public string? TargetPrefix { get; }

    public string JsonVersion { get; }

    /// <summary>The content type requests carry: application/x-amz-json-1.x for JSON, application/json for REST-JSON.</summary>
    public string ContentType => Protocol == "json" ? $"application/x-amz-json-{JsonVersion}" : "application/json";

    public IReadOnlyDictionary<string, AwsOperation> Operations => _operations;

    public AwsOperation Operation(string name) =>
        _operations.TryGetValue(name, out var operation) ? operation : throw new ArgumentException($"{Uid} has no operation {name}", nameof(name));

    /// <summary>
    /// The operation a request names: for JSON, X-Amz-Target "{targetPrefix}.{Operation}" on POST /; for REST-JSON, the
    /// operation whose HTTP method and request URI are the request's. Null when none matches.
    /// </summary>
    public AwsOperation? Find(string method, string path, string? target)
    {
        if (Protocol == "json")
        {
            if (path != "/" || method != "POST" || TargetPrefix is null || target is null || !target.StartsWith(TargetPrefix + ".", StringComparison.Ordinal)) return null;
            return _operations.GetValueOrDefault(target[(TargetPrefix.Length + 1)..]);
        }
        if (!string.IsNullOrEmpty(target)) return null;
        return _operations.Values.FirstOrDefault(o => o.HttpMethod == method && o.RequestUri == path);
    }

    private static readonly System.Collections.Concurrent.ConcurrentDictionary<string, Lazy<AwsServiceModel>> Loaded = new(StringComparer.Ordinal);

    /// <summary>Loads tests/node_modules/aws-sdk/apis/{uid}.min.json (once a process) and the limits checked in beside this class.</summary>
    public static AwsServiceModel Load(string uid) => Loaded.GetOrAdd(uid, u => new Lazy<AwsServiceModel>(() => Read(u))).Value;

    private static AwsServiceModel Read(string uid)
    {
        var file = Path.Combine(NodePeer.TestsDirectory(), "node_modules", "aws-sdk", "apis", uid + ".min.json");
        if (!File.Exists(file))
            throw new InvalidOperationException($"AWS's model {file} is missing: run `npm ci --prefix tests` from the repository root first (it installs aws-sdk)");
        var model = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
        return new AwsServiceModel(uid, model, AwsModelLimits.Load(uid));
    }

    /// <summary>
    /// A member or shape definition with its "shape" reference followed: the referenced shape's keys, overridden by the
    /// member's own (jsonvalue, timestampFormat, locationName, location).
    /// </summary>
    internal JsonObject Resolve(JsonObject definition)
    {
        if (definition["shape"]?.GetValue<string>() is not { } name) return definition;
        var resolved = Resolve(_shapes[name]?.AsObject() ?? throw new InvalidOperationException($"{Uid}: shape {name} is not in the model"));
        if (definition.Count == 1) return resolved;
        var merged = (JsonObject)resolved.DeepClone();
        foreach (var (key, value) in definition)
            if (key != "shape") merged[key] = value?.DeepClone();
        return merged;
    }
}
