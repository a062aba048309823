namespace Recommender.Core.Events;

public static class EventTypes
{
    public const string Play = "play";
    public const string Skip = "skip";
    public const string Complete = "complete";
    public const string Like = "like";
    public const string Dislike = "dislike";

    public static readonly IReadOnlySet<string> All = new HashSet<string>(StringComparer.Ordinal)
    {
        Play, Skip, Complete, Like, Dislike,
    };

    /// <summary>Events that are a listen (they count as plays in a profile).</summary>
    public static bool IsListen(string eventType) => eventType is Play or Skip or Complete;
}
