using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Recommender.Contracts.AwsModels;

/// <summary>
/// Walks a JSON body along a model shape. Members are read by their wire names (locationName); members bound to a header,
/// the URI or the query string are not body members. A member the shape does not have is refused: the real service would
/// ignore it, which hides a misspelt member of ours, so the fakes say so instead. JSON null counts as absent.
/// </summary>
internal sealed class ShapeWalk(AwsServiceModel model, IReadOnlyDictionary<string, MemberLimit> limits, ModelCheck check)
{
    /// <summary>"eventList[].eventType" → eventList, [], eventType; "filterValues{}" → filterValues, {}; "context{key}" → context, {key}.</summary>
    public static IEnumerable<string> Steps(string limitPath)
    {
        var at = 0;
        while (at < limitPath.Length)
        {
            if (limitPath[at] == '.') { at++; continue; }
            foreach (var marker in (string[])["[]", "{}", "{key}"])
                if (string.CompareOrdinal(limitPath, at, marker, 0, marker.Length) == 0)
                {
                    yield return marker;
                    at += marker.Length;
                    goto next;
                }
            var end = limitPath.IndexOfAny(['.', '[', '{'], at);
            if (end < 0) end = limitPath.Length;
            yield return limitPath[at..end];
            at = end;
        next:;
        }
    }

    public void Structure(JsonObject shape, JsonObject value, string display, string limitPath, bool bodyOnly)
    {
        var members = new Dictionary<string, (string Name, JsonObject Definition)>(StringComparer.Ordinal);
        foreach (var (name, node) in shape["members"]?.AsObject() ?? [])
        {
            var definition = node!.AsObject();
            if (bodyOnly && definition["location"] is not null) continue;
            members[definition["locationName"]?.GetValue<string>() ?? name] = (name, definition);
        }
        foreach (var (wireName, node) in value)
        {
            var path = Join(display, wireName);
            if (!members.TryGetValue(wireName, out var member)) check.Serialization(path, "the model has no such member");
            else if (node is not null) Value(member.Definition, node, path, Join(limitPath, member.Name));
        }
        foreach (var required in shape["required"]?.AsArray().Select(r => r!.GetValue<string>()) ?? [])
        {
            var wireName = members.FirstOrDefault(m => m.Value.Name == required).Key ?? required;
            if (value[wireName] is null) check.Constraint(Join(display, wireName), "Member must not be null");
        }
    }

    private void Value(JsonObject definition, JsonNode node, string display, string limitPath)
    {
        var shape = model.Resolve(definition);
        var type = shape["type"]?.GetValue<string>() ?? "string";
        switch (type)
        {
            case "structure":
                if (node is JsonObject structure) Structure(shape, structure, display, limitPath, bodyOnly: false);
                else check.Serialization(display, "expected an object");
                return;
            case "list":
                if (node is not JsonArray list) { check.Serialization(display, "expected an array"); return; }
                for (var i = 0; i < list.Count; i++)
                    if (list[i] is { } element) Value(shape["member"]!.AsObject(), element, $"{display}[{i}]", limitPath + "[]");
                    else check.Serialization($"{display}[{i}]", "a list member cannot be null");
                Limit(limitPath, display, list.Count, null, length: true);
                return;
            case "map":
                if (node is not JsonObject map) { check.Serialization(display, "expected an object (a map)"); return; }
                foreach (var (key, entry) in map)
                {
                    Value(shape["key"]?.AsObject() ?? new JsonObject(), JsonValue.Create(key), $"{display}{{{key}}}", limitPath + "{key}");
                    if (entry is not null) Value(shape["value"]!.AsObject(), entry, $"{display}.{key}", limitPath + "{}");
                }
                Limit(limitPath, display, map.Count, null, length: true);
                return;
        }
        if (node is not JsonValue scalar) { check.Serialization(display, $"expected a {type}"); return; }
        var kind = scalar.GetValueKind();
        switch (type)
        {
            case "string":
                if (kind != JsonValueKind.String) { check.Serialization(display, "expected a string"); return; }
                var text = scalar.GetValue<string>();
                if (shape["jsonvalue"]?.GetValue<bool>() == true && !IsJson(text)) check.Serialization(display, "expected a string holding JSON");
                Limit(limitPath, display, text.EnumerateRunes().Count(), text, length: true);
                return;
            case "integer" or "long":
                if (kind != JsonValueKind.Number || !scalar.TryGetValue<long>(out var whole) ||
                    (type == "integer" && whole is < int.MinValue or > int.MaxValue))
                {
                    check.Serialization(display, $"expected an {type} (a whole JSON number)");
                    return;
                }
                Limit(limitPath, display, whole, null, length: false);
                return;
            case "float" or "double":
                if (kind != JsonValueKind.Number) { check.Serialization(display, $"expected a {type} (a JSON number)"); return; }
                Limit(limitPath, display, scalar.GetValue<double>(), null, length: false);
                return;
            case "boolean":
                if (kind is not (JsonValueKind.True or JsonValueKind.False)) check.Serialization(display, "expected true or false");
                return;
            case "timestamp":
                Timestamp(shape, scalar, kind, display);
                return;
            case "blob":
                if (kind != JsonValueKind.String) { check.Serialization(display, "expected base64 text (a blob)"); return; }
                var bytes = new byte[scalar.GetValue<string>().Length];
                if (!Convert.TryFromBase64String(scalar.GetValue<string>(), bytes, out var size)) check.Serialization(display, "expected base64 text (a blob)");
                else Limit(limitPath, display, size, null, length: true);
                return;
            default:
                check.Serialization(display, $"the model's type {type} is not one these fakes know");
                return;
        }
    }

    /// <summary>AWS JSON 1.0/1.1 and REST-JSON bodies carry timestamps as epoch seconds (a number), unless the shape says otherwise.</summary>
    private void Timestamp(JsonObject shape, JsonValue scalar, JsonValueKind kind, string display)
    {
        var format = shape["timestampFormat"]?.GetValue<string>() ?? "unixTimestamp";
        var ok = format switch
        {
            "iso8601" => kind == JsonValueKind.String && DateTimeOffset.TryParse(scalar.GetValue<string>(), CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            "rfc822" => kind == JsonValueKind.String && DateTimeOffset.TryParseExact(scalar.GetValue<string>(), "r", CultureInfo.InvariantCulture, DateTimeStyles.None, out _),
            _ => kind == JsonValueKind.Number,
        };
        if (!ok) check.Serialization(display, format == "unixTimestamp" ? "expected a timestamp as epoch seconds (a JSON number)" : $"expected a timestamp in {format}");
    }

    /// <param name="length">Whether <paramref name="measure"/> is a length (characters, bytes, members) rather than a value.</param>
    private void Limit(string limitPath, string display, double measure, string? text, bool length)
    {
        if (!limits.TryGetValue(limitPath, out var limit)) return;
        var what = length ? "length" : "value";
        if (limit.Min is { } min && measure < min) check.Constraint(display, $"Member must have {what} greater than or equal to {min}");
        if (limit.Max is { } max && measure > max) check.Constraint(display, $"Member must have {what} less than or equal to {max}");
        if (text is not null && limit.Pattern is { } pattern && !Regex.IsMatch(text, pattern)) check.Constraint(display, $"Member must satisfy regular expression pattern: {pattern}");
        if (text is not null && limit.Enum is { } values && !values.Contains(text)) check.Constraint(display, $"Member must satisfy enum value set: [{string.Join(", ", values)}]");
    }

    private static bool IsJson(string text)
    {
        try { using var _ = JsonDocument.Parse(text); return true; }
        catch (JsonException) { return false; }
    }

    private static string Join(string parent, string member) => parent.Length == 0 ? member : $"{parent}.{member}";
}
