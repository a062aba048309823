using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Recommender.Core.Catalog;
using Recommender.Core.Events;

namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>
/// The catalog in a DynamoDB table (Aws:DynamoDb:CatalogTableName), one item per track, hash key "track_id". An import
/// SETs every field it has and REMOVEs the others; learning from events SETs a field only <c>if_not_exists</c>, in one
/// UpdateItem, so "fill gaps, never overwrite" holds however writers interleave. Learning reads the entries first
/// (BatchGetItem) and writes only tracks it can add something to, so steady traffic of known tracks costs reads only.
/// </summary>
public sealed class DynamoDbTrackCatalog(IAmazonDynamoDB dynamo, string tableName, TimeProvider time, int maxConcurrentWrites = 16) : ITrackCatalog
{
    public const string KeyAttribute = "track_id";
    private const int BatchGetLimit = 100;

    // every attribute goes through a name placeholder: "name" and "source" are DynamoDB reserved words
    private static readonly string[] Fields = ["name", "artists", "album", "genres", "release_year", "duration_ms", "popularity", "explicit", "audio_features"];

    public string TableName => tableName;

    public Task ImportAsync(IReadOnlyList<CatalogTrack> tracks, CancellationToken cancellationToken) =>
        UpdateEachAsync(tracks, t => Update(t, CatalogSources.Import, replace: true), cancellationToken);

    public async Task LearnAsync(IReadOnlyList<CatalogTrack> tracks, CancellationToken cancellationToken)
    {
        var merged = CatalogBatches.Merge(tracks);
        if (merged.Count == 0) return;
        var known = await GetManyAsync(merged.Select(t => t.TrackId).ToList(), cancellationToken).ConfigureAwait(false);
        var news = merged.Where(t => !known.TryGetValue(t.TrackId, out var k) || k.HasGapsFilledBy(t)).ToList();
        await UpdateEachAsync(news, t => Update(t, CatalogSources.Events, replace: false), cancellationToken).ConfigureAwait(false);
    }

    public async Task<CatalogTrack?> GetAsync(string trackId, CancellationToken cancellationToken)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = tableName, Key = Key(trackId), ConsistentRead = true,
        }, cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? Parse(item) : null;
    }

    public async Task<IReadOnlyDictionary<string, CatalogTrack>> GetManyAsync(IReadOnlyCollection<string> trackIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CatalogTrack>(StringComparer.Ordinal);
        foreach (var chunk in trackIds.Distinct(StringComparer.Ordinal).Chunk(BatchGetLimit))
        {
            var keys = chunk.Select(Key).ToList();
            for (var attempt = 0; keys.Count > 0; attempt++)
            {
                if (attempt > 0) await Task.Delay(Backoff(attempt), cancellationToken).ConfigureAwait(false);
                var response = await dynamo.BatchGetItemAsync(new BatchGetItemRequest
                {
                    RequestItems = new() { [tableName] = new KeysAndAttributes { Keys = keys, ConsistentRead = true } },
                }, cancellationToken).ConfigureAwait(false);
                foreach (var item in response.Responses?.GetValueOrDefault(tableName) ?? [])
                {
                    var track = Parse(item);
                    found[track.TrackId] = track;
                }
                // DynamoDB may leave keys for later (throughput, 16 MB): ask again for those only
                keys = response.UnprocessedKeys?.GetValueOrDefault(tableName)?.Keys ?? [];
            }
        }
        return found;
    }

    public async IAsyncEnumerable<CatalogTrack> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Dictionary<string, AttributeValue>? start = null;
        do
        {
            var page = await dynamo.ScanAsync(new ScanRequest { TableName = tableName, ExclusiveStartKey = start }, cancellationToken).ConfigureAwait(false);
            foreach (var item in page.Items ?? []) yield return Parse(item);
            start = page.LastEvaluatedKey is { Count: > 0 } next ? next : null;
        }
        while (start is not null);
    }

    private async Task UpdateEachAsync(IReadOnlyList<CatalogTrack> tracks, Func<CatalogTrack, UpdateItemRequest> request, CancellationToken cancellationToken) =>
        await Parallel.ForEachAsync(tracks, new ParallelOptions { MaxDegreeOfParallelism = maxConcurrentWrites, CancellationToken = cancellationToken },
            async (track, ct) => await dynamo.UpdateItemAsync(request(track), ct).ConfigureAwait(false)).ConfigureAwait(false);

    private UpdateItemRequest Update(CatalogTrack track, string source, bool replace)
    {
        var names = new Dictionary<string, string> { ["#source"] = "source", ["#added"] = "added_at" };
        var values = new Dictionary<string, AttributeValue>
        {
            [":source"] = new() { S = source },
            [":added"] = Number(time.GetUtcNow().ToUnixTimeMilliseconds()),
        };
        var set = new List<string> { replace ? "#source = :source" : "#source = if_not_exists(#source, :source)", "#added = if_not_exists(#added, :added)" };
        var remove = new List<string>();
        var fields = Values(track);
        for (var i = 0; i < Fields.Length; i++)
        {
            // DynamoDB refuses a name placeholder the expression does not use
            var name = $"#f{i}";
            if (fields[i] is { } value)
            {
                names[name] = Fields[i];
                values[$":f{i}"] = value;
                set.Add(replace ? $"{name} = :f{i}" : $"{name} = if_not_exists({name}, :f{i})");
            }
            else if (replace)
            {
                names[name] = Fields[i];
                remove.Add(name);
            }
        }
        return new UpdateItemRequest
        {
            TableName = tableName,
            Key = Key(track.TrackId),
            UpdateExpression = "SET " + string.Join(", ", set) + (remove.Count > 0 ? " REMOVE " + string.Join(", ", remove) : ""),
            ExpressionAttributeNames = names,
            ExpressionAttributeValues = values,
        };
    }

    /// <summary>The item's value of each of <see cref="Fields"/>; null where the track has none (empty lists included).</summary>
    private static AttributeValue?[] Values(CatalogTrack t) =>
    [
        t.Name is { } n ? new AttributeValue { S = n } : null,
        t.Artists.Count > 0 ? new AttributeValue { S = JsonSerializer.Serialize(t.Artists, CatalogItemJson.Default.IReadOnlyListArtistRef) } : null,
        t.Album is { } a ? new AttributeValue { S = a } : null,
        t.Genres.Count > 0 ? new AttributeValue { S = JsonSerializer.Serialize(t.Genres, CatalogItemJson.Default.IReadOnlyListString) } : null,
        t.ReleaseYear is { } y ? Number(y) : null,
        t.DurationMs is { } d ? Number(d) : null,
        t.Popularity is { } p ? Number(p) : null,
        t.Explicit is { } e ? new AttributeValue { BOOL = e } : null,
        t.AudioFeatures.Count > 0 ? new AttributeValue { S = JsonSerializer.Serialize(t.AudioFeatures, CatalogItemJson.Default.IReadOnlyDictionaryStringDouble) } : null,
    ];

    private static CatalogTrack Parse(Dictionary<string, AttributeValue> item) => new()
    {
        TrackId = item[KeyAttribute].S,
        Name = Text(item, "name"),
        Artists = Text(item, "artists") is { } artists ? JsonSerializer.Deserialize(artists, CatalogItemJson.Default.IReadOnlyListArtistRef) ?? [] : [],
        Album = Text(item, "album"),
        Genres = Text(item, "genres") is { } genres ? JsonSerializer.Deserialize(genres, CatalogItemJson.Default.IReadOnlyListString) ?? [] : [],
        ReleaseYear = (int?)Long(item, "release_year"),
        DurationMs = Long(item, "duration_ms"),
        Popularity = (int?)Long(item, "popularity"),
        Explicit = item.TryGetValue("explicit", out var e) && e.BOOL is { } b ? b : null,
        AudioFeatures = Text(item, "audio_features") is { } audio
            ? JsonSerializer.Deserialize(audio, CatalogItemJson.Default.IReadOnlyDictionaryStringDouble)!
            : new Dictionary<string, double>(),
        Source = Text(item, "source") ?? CatalogSources.Events,
        AddedAt = Long(item, "added_at") is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
    };

    private static string? Text(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var v) ? v.S : null;

    private static long? Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : null;

    private static AttributeValue Number(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    private static Dictionary<string, AttributeValue> Key(string trackId) => new() { [KeyAttribute] = new AttributeValue { S = trackId } };

    private static TimeSpan Backoff(int attempt) => TimeSpan.FromMilliseconds(Math.Min(1000, 25 * (1 << Math.Min(attempt, 6))));
}

[System.Text.Json.Serialization.JsonSourceGenerationOptions(
    PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull)]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<ArtistRef>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyDictionary<string, double>))]
internal sealed partial class CatalogItemJson : System.Text.Json.Serialization.JsonSerializerContext;
