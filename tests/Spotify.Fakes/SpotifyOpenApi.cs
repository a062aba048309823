using System.Text.Json;
using System.Text.Json.Nodes;

namespace Spotify.Fakes;

/// <summary>
/// Checks JSON against the vendored OpenAPI description of Spotify's Web API (Fakes/OpenApi, see SOURCE.md):
/// types, enums, date-times, required fields and no undeclared fields. A field marked deprecated may be absent
/// (Development Mode answers leave them out); null is accepted where a field is present, because the description
/// says "Can be null" in prose rather than with <c>nullable</c>.
/// </summary>
public static class SpotifyOpenApi
{
    private static readonly Lazy<JsonObject> Document = new(() => JsonNode.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "SpotifyOpenApi", "spotify-web-api.subset.json")))!.AsObject());

    /// <summary>What is wrong with <paramref name="body"/> as the answer of GET <paramref name="pathTemplate"/> with <paramref name="status"/>; empty when it fits.</summary>
    public static IReadOnlyList<string> Check(string pathTemplate, int status, JsonNode? body)
    {
        var problems = new List<string>();
        var operation = Document.Value["paths"]?[pathTemplate]?["get"];
        if (operation is null) return [$"{pathTemplate} is not in the description"];
        var response = operation["responses"]?[status.ToString()];
        JsonNode? schema;
        if (response is null)
        {
            // Undocumented statuses (400, 5xx) still carry Spotify's error object.
            if (status < 400) return [$"status {status} is not documented for {pathTemplate}"];
            schema = Resolve(Document.Value["components"]!["responses"]!["Unauthorized"]!)["content"]!["application/json"]!["schema"];
        }
        else schema = Resolve(response)["content"]?["application/json"]?["schema"];
        if (schema is null) return body is null ? [] : [$"status {status} of {pathTemplate} has no body"];
        Validate(Flatten(schema), body, "$", problems);
        return problems;
    }

    private sealed record Flat(string? Type, Dictionary<string, JsonNode> Properties, HashSet<string> Required, JsonNode? Items, JsonArray? OneOf, JsonArray? Enum, string? Format);

    private static JsonNode Resolve(JsonNode node)
    {
        while (node["$ref"] is { } reference)
        {
            var parts = reference.GetValue<string>().Split('/');
            node = Document.Value["components"]![parts[2]]![parts[3]]!;
        }
        return node;
    }

    private static Flat Flatten(JsonNode schema)
    {
        schema = Resolve(schema);
        var flat = new Flat(schema["type"]?.GetValue<string>(), [], [], schema["items"], schema["oneOf"] as JsonArray, schema["enum"] as JsonArray, schema["format"]?.GetValue<string>());
        if (schema["properties"] is JsonObject properties)
            foreach (var (name, value) in properties) flat.Properties[name] = value!;
        if (schema["required"] is JsonArray required)
            foreach (var r in required) flat.Required.Add(r!.GetValue<string>());
        if (schema["allOf"] is JsonArray parts)
            foreach (var part in parts)
            {
                var p = Flatten(part!);
                foreach (var (name, value) in p.Properties) flat.Properties[name] = value;
                flat.Required.UnionWith(p.Required);
                flat = flat with { Type = flat.Type ?? p.Type, Items = flat.Items ?? p.Items, OneOf = flat.OneOf ?? p.OneOf, Enum = flat.Enum ?? p.Enum, Format = flat.Format ?? p.Format };
            }
        return flat;
    }

    private static void Validate(Flat schema, JsonNode? value, string at, List<string> problems)
    {
        if (value is null) return;
        if (schema.OneOf is { } alternatives)
        {
            var attempts = alternatives.Select(a =>
            {
                var p = new List<string>();
                Validate(Flatten(a!), value, at, p);
                return p;
            }).ToList();
            if (attempts.All(p => p.Count > 0)) problems.Add($"{at} matches none of its alternatives: {string.Join("; ", attempts.OrderBy(p => p.Count).First())}");
            return;
        }
        var kind = value.GetValueKind();
        switch (schema.Type)
        {
            case "object" or null when kind == JsonValueKind.Object:
                var obj = value.AsObject();
                foreach (var name in schema.Required)
                    if (!obj.ContainsKey(name) && schema.Properties.GetValueOrDefault(name)?["deprecated"]?.GetValue<bool>() != true)
                        problems.Add($"{at}.{name} is required");
                foreach (var (name, child) in obj)
                {
                    if (schema.Properties.TryGetValue(name, out var property)) Validate(Flatten(property), child, $"{at}.{name}", problems);
                    else if (schema.Properties.Count > 0) problems.Add($"{at}.{name} is not in the description");
                }
                return;
            case "object":
                problems.Add($"{at} should be an object, is {kind}");
                return;
            case "array" when kind == JsonValueKind.Array:
                var i = 0;
                foreach (var item in value.AsArray()) Validate(Flatten(schema.Items!), item, $"{at}[{i++}]", problems);
                return;
            case "string" when kind == JsonValueKind.String:
                var text = value.GetValue<string>();
                if (schema.Enum is { } allowed && allowed.All(a => a!.GetValue<string>() != text)) problems.Add($"{at} is \"{text}\", not one of {allowed.ToJsonString()}");
                if (schema.Format == "date-time" && !DateTimeOffset.TryParse(text, System.Globalization.CultureInfo.InvariantCulture, out _)) problems.Add($"{at} is not a date-time: {text}");
                return;
            case "integer" when kind == JsonValueKind.Number && decimal.Parse(value.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture) % 1 == 0:
            case "number" when kind == JsonValueKind.Number:
            case "boolean" when kind is JsonValueKind.True or JsonValueKind.False:
                return;
            case null:
                return;
            default:
                problems.Add($"{at} should be {schema.Type}, is {kind}");
                return;
        }
    }
}
