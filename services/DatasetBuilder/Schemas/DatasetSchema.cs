using System.Text.Json;

namespace DatasetBuilder.Schemas;

/// <summary>One Personalize dataset's Avro schema, read from datasets/schemas/ (embedded): the CSV header is its field list, in order.</summary>
public sealed record DatasetSchema(string DatasetType, IReadOnlyList<SchemaField> Fields)
{
    public static readonly DatasetSchema Interactions = Load("INTERACTIONS", "interactions.json");
    public static readonly DatasetSchema Users = Load("USERS", "users.json");
    public static readonly DatasetSchema Items = Load("ITEMS", "items.json");

    public IReadOnlyList<string> Header => Fields.Select(f => f.Name).ToArray();

    public int IndexOf(string name)
    {
        for (var i = 0; i < Fields.Count; i++)
            if (Fields[i].Name == name) return i;
        throw new InvalidOperationException($"the {DatasetType} schema has no {name} field");
    }

    public static DatasetSchema Parse(string datasetType, string json)
    {
        using var document = JsonDocument.Parse(json);
        var fields = document.RootElement.GetProperty("fields").EnumerateArray().Select(f => new SchemaField(
            f.GetProperty("name").GetString()!,
            Nullable: f.GetProperty("type").ValueKind == JsonValueKind.Array,
            Categorical: f.TryGetProperty("categorical", out var c) && c.GetBoolean())).ToArray();
        return new DatasetSchema(datasetType, fields);
    }

    private static DatasetSchema Load(string datasetType, string file)
    {
        using var stream = typeof(DatasetSchema).Assembly.GetManifestResourceStream($"schemas.{file}")
            ?? throw new InvalidOperationException($"schema {file} is not embedded");
        using var reader = new StreamReader(stream);
        return Parse(datasetType, reader.ReadToEnd());
    }
}

public sealed record SchemaField(string Name, bool Nullable, bool Categorical);
