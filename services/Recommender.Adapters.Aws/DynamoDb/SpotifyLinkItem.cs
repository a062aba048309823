using System.Globalization;
using Amazon.DynamoDBv2.Model;
using Recommender.Core.SpotifyLinks;

namespace Recommender.Adapters.Aws.DynamoDb;

/// <summary>A <see cref="SpotifyLink"/> as a DynamoDB item: the columns of the SQLite store, times in Unix ms, absent values left out.</summary>
internal static class SpotifyLinkItem
{
    public static Dictionary<string, AttributeValue> From(SpotifyLink link, string key)
    {
        var item = new Dictionary<string, AttributeValue>
        {
            [DynamoDbSpotifyLinkStore.KeyAttribute] = new() { S = key },
            ["user_id"] = new() { S = link.UserId },
            ["account_id"] = new() { S = link.AccountId },
            ["sealed_tokens"] = new() { B = new MemoryStream(link.SealedTokens) },
            ["linked_at_ms"] = N(link.LinkedAt.ToUnixTimeMilliseconds()),
            ["state"] = new() { S = link.State.ToString() },
            ["events_posted"] = N(link.EventsPosted),
        };
        if (link.DisplayName is { } name) item["display_name"] = new() { S = name };
        if (link.LastError is { } error) item["last_error"] = new() { S = error };
        if (link.CursorMs is { } cursor) item["cursor_ms"] = N(cursor);
        foreach (var (attribute, at) in new[]
                 {
                     ("last_poll_ms", link.LastPollAt), ("last_success_ms", link.LastSuccessAt), ("last_error_ms", link.LastErrorAt), ("retry_after_ms", link.RetryAfter),
                 })
            if (at is { } value) item[attribute] = N(value.ToUnixTimeMilliseconds());
        return item;
    }

    public static SpotifyLink Parse(Dictionary<string, AttributeValue> item) => new()
    {
        UserId = item["user_id"].S,
        AccountId = item["account_id"].S,
        DisplayName = Text(item, "display_name"),
        SealedTokens = item["sealed_tokens"].B.ToArray(),
        LinkedAt = At(item, "linked_at_ms")!.Value,
        State = Enum.Parse<LinkState>(item["state"].S),
        CursorMs = Long(item, "cursor_ms"),
        LastPollAt = At(item, "last_poll_ms"),
        LastSuccessAt = At(item, "last_success_ms"),
        LastError = Text(item, "last_error"),
        LastErrorAt = At(item, "last_error_ms"),
        RetryAfter = At(item, "retry_after_ms"),
        EventsPosted = Long(item, "events_posted") ?? 0,
    };

    public static AttributeValue N(long n) => new() { N = n.ToString(CultureInfo.InvariantCulture) };

    public static long? Long(Dictionary<string, AttributeValue> item, string name) =>
        item.TryGetValue(name, out var v) && v.N is { } n ? long.Parse(n, CultureInfo.InvariantCulture) : null;

    private static DateTimeOffset? At(Dictionary<string, AttributeValue> item, string name) =>
        Long(item, name) is { } ms ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;

    private static string? Text(Dictionary<string, AttributeValue> item, string name) => item.TryGetValue(name, out var v) ? v.S : null;
}
