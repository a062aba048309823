using System.Text.Json.Nodes;

namespace Recommender.Contracts.AwsModels;

/// <summary>
/// One operation of a service model: where it is (HTTP method and request URI for REST-JSON), its input and output
/// shapes, and the API reference's limits on its input. <see cref="CheckInput"/> is what a fake or proxy asks of every
/// request; <see cref="CheckOutput"/> what a fake asks of every answer it builds, so answers are in the model's shapes.
/// </summary>
public sealed class AwsOperation
{
    private readonly AwsServiceModel _model;
    private readonly JsonObject? _input;
    private readonly JsonObject? _output;
    private readonly IReadOnlyDictionary<string, MemberLimit> _limits;

    internal AwsOperation(AwsServiceModel model, string name, JsonObject definition, IReadOnlyDictionary<string, MemberLimit> limits)
    {
        _model = model;
        Name = name;
        HttpMethod = definition["http"]?["method"]?.GetValue<string>() ?? "POST";
        RequestUri = definition["http"]?["requestUri"]?.GetValue<string>() ?? "/";
        _input = definition["input"]?.AsObject();
        _output = definition["output"]?.AsObject();
        _limits = limits;
        foreach (var path in limits.Keys)
            if (!PathExists(path)) throw new InvalidOperationException($"{model.Uid} {name}: the limits name {path}, which the model's input does not have");
    }

    public string Name { get; }
    public string HttpMethod { get; }
    public string RequestUri { get; }

    /// <summary>Members, types (timestamps as epoch seconds), required members and the API reference's limits of a request body.</summary>
    public ModelCheck CheckInput(JsonNode? body) => Check(_input, AsSent(body), _limits);

    /// <summary>Members, types and required members of an answer body (no limits: those bind callers).</summary>
    public ModelCheck CheckOutput(JsonNode? body) => Check(_output, AsSent(body), new Dictionary<string, MemberLimit>());

    /// <summary>The body as the wire carries it: a node built in code (an int, a double) is checked as the JSON it writes.</summary>
    private static JsonNode? AsSent(JsonNode? body) => body is null ? null : JsonNode.Parse(body.ToJsonString());

    private ModelCheck Check(JsonObject? shape, JsonNode? body, IReadOnlyDictionary<string, MemberLimit> limits)
    {
        var check = new ModelCheck();
        if (shape is null)
        {
            if (body is JsonObject { Count: > 0 }) check.Serialization("", $"{Name} takes no members");
            return check;
        }
        if (body is not JsonObject)
        {
            check.Serialization("", "the body must be a JSON object");
            return check;
        }
        new ShapeWalk(_model, limits, check).Structure(_model.Resolve(shape), (JsonObject)body, display: "", limitPath: "", bodyOnly: true);
        return check;
    }

    private bool PathExists(string path)
    {
        var shape = _input is null ? null : _model.Resolve(_input);
        foreach (var step in ShapeWalk.Steps(path))
        {
            if (shape is null) return false;
            shape = step switch
            {
                "[]" => shape["member"] is JsonObject m ? _model.Resolve(m) : null,
                "{}" => shape["value"] is JsonObject v ? _model.Resolve(v) : null,
                "{key}" => shape["key"] is JsonObject k ? _model.Resolve(k) : null,
                _ => shape["members"]?[step] is JsonObject member ? _model.Resolve(member) : null,
            };
        }
        return shape is not null;
    }
}
