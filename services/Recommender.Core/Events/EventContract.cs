namespace Recommender.Core.Events;

/// <summary>The limits of event contract v1, in one place (ARCHITECTURE.md, "The event contract").</summary>
public static class EventContract
{
    public const string Version = "v1";

    /// <summary>Kinesis PutRecords: at most 500 records a call.</summary>
    public const int MaxEventsPerRequest = 500;

    /// <summary>Kinesis PutRecords: at most 1 MiB... per request body here.</summary>
    public const int MaxRequestBytes = 1024 * 1024;

    /// <summary>Personalize PutEvents: one event is at most 10 KB.</summary>
    public const int MaxEventBytes = 10 * 1024;

    public const int MaxEventIdLength = 64;
    public const int MaxIdLength = 256;
    public const int MaxSessionIdLength = 256;
    public const int MaxTextLength = 1024;
    public const int MaxListLength = 50;

    /// <summary>
    /// How long the stream and the consumers remember an event's de-duplication key, (user_id, event_id): a copy
    /// within this time is dropped, an older one counts again. Longer than the stream's retention (24 h by default),
    /// so a redelivered record is always recognised.
    /// </summary>
    public static readonly TimeSpan DefaultDeduplicationWindow = TimeSpan.FromDays(3);

    /// <summary>Events older than this (against the server's clock) are refused: a late replay, or a clock that is far off.</summary>
    public static readonly TimeSpan DefaultMaxEventAge = TimeSpan.FromDays(365);

    /// <summary>No listening event of this platform happened before this: an earlier time is a broken clock or a default value.</summary>
    public static readonly DateTimeOffset EarliestOccurredAt = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Clocks drift; an event may be stamped at most this far ahead of the server.</summary>
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(5);
}
