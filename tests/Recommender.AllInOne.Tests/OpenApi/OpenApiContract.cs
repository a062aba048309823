using System.Text.Json;
using System.Text.Json.Nodes;
using Json.Schema;

namespace Recommender.AllInOne.Tests.OpenApi;

/// <summary>
/// A service's OpenAPI document, read from the running service, as JSON Schemas to check real requests and responses
/// with (JsonSchema.Net, draft 2020-12, which OpenAPI 3.1 uses). The document's component schemas become <c>$defs</c>, and
/// every object that lists its properties is closed, so a field the service sends but the document does not describe fails.
/// </summary>
public sealed class OpenApiContract(JsonObject document)
{
    private const string ComponentRef = "#/components/schemas/";

    public JsonObject Document { get; } = document;

    public static async Task<OpenApiContract> ReadAsync(HttpClient client, string path = "/openapi/v1.json")
    {
        var text = await client.GetStringAsync(path);
        return new OpenApiContract(JsonNode.Parse(text)!.AsObject());
    }

    /// <summary>Every operation of the document as "METHOD /path/{template}".</summary>
    public IReadOnlyList<string> Operations() =>
        Document["paths"]!.AsObject()
            .SelectMany(path => path.Value!.AsObject().Where(m => IsMethod(m.Key)).Select(m => Key(m.Key, path.Key)))
            .Order(StringComparer.Ordinal).ToList();

    public static string Key(string method, string pathTemplate) => $"{method.ToUpperInvariant()} {pathTemplate}";

    public JsonObject Operation(string operation)
    {
        var (method, path) = Split(operation);
        return Document["paths"]?[path]?[method.ToLowerInvariant()]?.AsObject()
               ?? throw new InvalidOperationException($"the document has no operation {operation}");
    }

    /// <summary>The documented responses of an operation, by status code.</summary>
    public IReadOnlyDictionary<string, JsonObject> Responses(string operation) =>
        (Operation(operation)["responses"]?.AsObject() ?? [])
            .ToDictionary(r => r.Key, r => r.Value!.AsObject(), StringComparer.Ordinal);

    /// <summary>The schema of a response body; null when the document promises no body for that status and media type.</summary>
    public JsonSchema? ResponseSchema(string operation, int status, string mediaType)
    {
        var responses = Responses(operation);
        var code = status.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (!responses.TryGetValue(code, out var response))
            throw new InvalidOperationException($"{operation} answered {status}, which its document does not list (it lists {string.Join(", ", responses.Keys)})");
        if (response["content"] is not JsonObject content || content.Count == 0) return null;
        if (content[mediaType]?["schema"] is not JsonNode schema)
            throw new InvalidOperationException($"{operation} {status} answered {mediaType}; the document lists {string.Join(", ", content.Select(c => c.Key))}");
        return Build(schema);
    }

    /// <summary>The schema of the request body for a media type; null when the operation documents no body.</summary>
    public JsonSchema? RequestSchema(string operation, string mediaType)
    {
        var body = Operation(operation)["requestBody"]?["content"]?.AsObject();
        if (body is null) return null;
        var schema = body[mediaType]?["schema"]
                     ?? throw new InvalidOperationException($"{operation} takes {string.Join(", ", body.Select(c => c.Key))}, not {mediaType}");
        return Build(schema);
    }

    /// <summary>The parameters an operation documents, by name.</summary>
    public IReadOnlyDictionary<string, JsonObject> Parameters(string operation) =>
        (Operation(operation)["parameters"]?.AsArray() ?? [])
            .Select(p => p!.AsObject()).ToDictionary(p => p["name"]!.GetValue<string>(), StringComparer.Ordinal);

    public static IReadOnlyList<string> Check(JsonSchema schema, JsonElement instance)
    {
        var result = schema.Evaluate(instance, new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true });
        if (result.IsValid) return [];
        return (result.Details ?? []).Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"{d.InstanceLocation} ({d.EvaluationPath}): {e.Key} {e.Value}"))
            .DefaultIfEmpty("invalid (no detail)").ToList();
    }

    private JsonSchema Build(JsonNode schema)
    {
        var defs = (JsonObject)Document["components"]?["schemas"]?.DeepClone()! ?? [];
        var root = schema.DeepClone() is JsonObject o ? o : new JsonObject { ["allOf"] = new JsonArray(schema.DeepClone()) };
        root["$schema"] = "https://json-schema.org/draft/2020-12/schema";
        root["$defs"] = defs;
        Close(root);
        var text = root.ToJsonString().Replace(ComponentRef, "#/$defs/", StringComparison.Ordinal);
        return JsonSchema.FromText(text, baseUri: new Uri($"urn:openapi:{Guid.NewGuid():N}"));
    }

    // an object schema that lists its properties allows no others (unless it says what they may be)
    private static void Close(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                if (o["properties"] is JsonObject && !o.ContainsKey("additionalProperties") && !o.ContainsKey("unevaluatedProperties"))
                    o["additionalProperties"] = false;
                foreach (var (_, child) in o.ToList()) Close(child);
                break;
            case JsonArray a:
                foreach (var child in a) Close(child);
                break;
        }
    }

    private static bool IsMethod(string key) => key is "get" or "put" or "post" or "delete" or "patch" or "head" or "options";

    private static (string Method, string Path) Split(string operation)
    {
        var space = operation.IndexOf(' ');
        return (operation[..space], operation[(space + 1)..]);
    }
}
