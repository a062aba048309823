namespace Recommender.Engine.Data;

/// <summary>One row of an INTERACTIONS data set (Personalize's format): who did what to which item, when, how much.</summary>
public sealed record Interaction(string UserId, string ItemId, long Timestamp, string EventType, double? EventValue);

/// <summary>One row of an ITEMS data set: an item and the metadata the cold-start model reads.</summary>
public sealed record ItemMetadata(string ItemId, IReadOnlyList<string> Artists, IReadOnlyList<string> Genres, long? CreationTimestamp = null)
{
    public static ItemMetadata Bare(string itemId) => new(itemId, [], []);
}
