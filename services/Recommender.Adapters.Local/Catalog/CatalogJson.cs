using System.Text.Json.Serialization;
using Recommender.Core.Events;

namespace Recommender.Adapters.Local.Catalog;

/// <summary>The catalog's list and map columns as JSON text, source-generated (an import writes a hundred thousand rows).</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(IReadOnlyList<ArtistRef>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(string[]))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
internal sealed partial class CatalogJson : JsonSerializerContext;
