using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Core.Recommendations;
using Recommender.Hosting;

namespace Recommendations.Api;

/// <summary>POST /v1/rankings body: {"user_id": "...", "track_ids": ["...", ...]} (Personalize GetPersonalizedRanking).</summary>
public sealed record RankingRequest(string UserId, IReadOnlyList<string> TrackIds)
{
    public const int MaxBodyBytes = 1024 * 1024;

    /// <summary>Parses the body, naming each bad field; never throws on bad input.</summary>
    public static RankingRequest? Parse(ReadOnlySpan<byte> utf8Json, List<FieldError> errors)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8Json, new JsonReaderOptions { MaxDepth = 8 });
            using var document = JsonDocument.ParseValue(ref reader);
            return Parse(document.RootElement, errors);
        }
        catch (JsonException e)
        {
            errors.Add(new(null, "$", $"the body is not valid JSON: {e.Message}"));
            return null;
        }
        catch (InvalidOperationException e)
        {
            errors.Add(new(null, "$", $"the body is not valid UTF-8 JSON: {e.Message}"));
            return null;
        }
    }

    private static RankingRequest? Parse(JsonElement root, List<FieldError> errors)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            errors.Add(new(null, "$", "expected an object with \"user_id\" and \"track_ids\""));
            return null;
        }
        var userId = root.TryGetProperty("user_id", out var u) && u.ValueKind == JsonValueKind.String ? u.GetString() : null;
        if (!IsId(userId)) errors.Add(new(null, "user_id", "is required: a string of 1 to 256 characters without control characters"));

        var trackIds = new List<string>();
        if (!root.TryGetProperty("track_ids", out var t) || t.ValueKind != JsonValueKind.Array)
            errors.Add(new(null, "track_ids", "is required: an array of track ids"));
        else if (t.GetArrayLength() is 0 or > RecommendationQuery.MaxNumResults)
            errors.Add(new(null, "track_ids", $"must hold 1 to {RecommendationQuery.MaxNumResults} ids; it has {t.GetArrayLength()}"));
        else
        {
            var i = 0;
            foreach (var id in t.EnumerateArray())
            {
                var text = id.ValueKind == JsonValueKind.String ? id.GetString() : null;
                if (IsId(text)) trackIds.Add(text!);
                else errors.Add(new(null, $"track_ids[{i}]", "must be a string of 1 to 256 characters without control characters"));
                i++;
            }
        }
        return errors.Count == 0 ? new RankingRequest(userId!, trackIds) : null;
    }

    public static bool IsId(string? value) => QueryParameters.IsText(value);
}
