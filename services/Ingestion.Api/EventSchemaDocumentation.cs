using System.Text.Json.Nodes;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using Recommender.Core.Events;

namespace Ingestion.Api;

/// <summary>Writes the rules of event contract v1 (<see cref="EventContract"/>, <see cref="EventTypes"/>) into the OpenAPI schema of an event.</summary>
internal static class EventSchemaDocumentation
{
    public static void Configure(OpenApiOptions options) => options.AddSchemaTransformer((schema, context, _) =>
    {
        if (context.JsonTypeInfo.Type == typeof(PlaybackEvent)) Describe(schema);
        return Task.CompletedTask;
    });

    /// <summary>The body is a JSON array of 1-500 events, or an object whose "events" is such an array.</summary>
    public static Task DescribeBatch(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        if (operation.RequestBody?.Content?.TryGetValue("application/json", out var body) != true || body!.Schema is not OpenApiSchema array)
            throw new InvalidOperationException("the events operation documents no JSON array body: update " + nameof(EventSchemaDocumentation));
        array.MinItems = 1;
        array.MaxItems = EventContract.MaxEventsPerRequest;
        var wrapped = new OpenApiSchema
        {
            Type = JsonSchemaType.Object,
            Required = new HashSet<string> { "events" },
            Properties = new Dictionary<string, IOpenApiSchema> { ["events"] = array },
        };
        body.Schema = new OpenApiSchema { OneOf = [array, wrapped], Description = $"At most {EventContract.MaxRequestBytes} bytes." };
        return Task.CompletedTask;
    }

    private static void Describe(OpenApiSchema schema)
    {
        schema.Description = "One listening event, contract v1. At most 10 KB.";
        Property(schema, "event_id", "Client-generated; the de-duplication key end to end.", p => Text(p, EventContract.MaxEventIdLength));
        Property(schema, "user_id", "The listener.", p => Text(p, EventContract.MaxIdLength));
        Property(schema, "track_id", "The track.", p => Text(p, EventContract.MaxIdLength));
        Property(schema, "event_type", "What the listener did.", p => p.Enum = EventTypes.All.Order(StringComparer.Ordinal).Select(t => (JsonNode)JsonValue.Create(t)).ToList());
        Property(schema, "occurred_at", "RFC 3339; at most 5 minutes ahead of the server's clock.", p => p.Format = "date-time");
        Property(schema, "ms_played", "Milliseconds listened.", p => p.Minimum = "0");
        Property(schema, "track_duration_ms", "Length of the track in milliseconds.", p => p.Minimum = "1");
        Property(schema, "session_id", "Filled by the ingestion API when absent (Personalize needs one).", p => Text(p, EventContract.MaxSessionIdLength));
        Property(schema, "context", "Where the track was played from (type: playlist, album, artist, radio, search, ...; uri).", _ => { });
        Property(schema, "track", "The track's metadata; it fills gaps in the catalog, never replaces what was imported.", _ => { });
    }

    private static void Text(OpenApiSchema property, int maxLength)
    {
        property.MinLength = 1;
        property.MaxLength = maxLength;
    }

    private static void Property(OpenApiSchema schema, string name, string description, Action<OpenApiSchema> describe)
    {
        if (schema.Properties is null || !schema.Properties.TryGetValue(name, out var property))
            throw new InvalidOperationException($"the event schema has no property {name}: update {nameof(EventSchemaDocumentation)}");
        if (property is OpenApiSchema inline)
        {
            inline.Description = description;
            describe(inline);
        }
        else schema.Properties[name] = new OpenApiSchema { Description = description, AllOf = [property] };
    }

}
