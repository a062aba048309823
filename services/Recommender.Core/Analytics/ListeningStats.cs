using System.Text.Json.Serialization;

namespace Recommender.Core.Analytics;

// Nulls are written (JsonIgnoreCondition.Never): every report has the same keys whatever the data.

/// <summary>The listening reports of one listener (or everyone, <see cref="UserId"/> null) over UTC dates <see cref="From"/> to <see cref="To"/>.</summary>
public sealed record ListeningStats(
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? UserId,
    string From,
    string To,
    IReadOnlyList<DailyListening> Daily,
    IReadOnlyList<HourSkipRate> SkipRateByHour,
    IReadOnlyList<WeekdaySkipRate> SkipRateByWeekday,
    IReadOnlyList<GenreMonth> GenresByMonth,
    IReadOnlyList<DiscoveryMonth> DiscoveryByMonth,
    SessionSummary Sessions,
    IReadOnlyList<TopTrack> TopTracks,
    IReadOnlyList<TopArtist> TopArtists);

/// <summary>plays counts every play, skip and complete event.</summary>
public sealed record DailyListening(string Date, long Plays, long Completes, long Skips, long ListeningMs, long DistinctTracks, long DistinctArtists);

/// <summary>skip_rate = skips / plays; null for an hour without plays.</summary>
public sealed record HourSkipRate(int Hour, long Plays, long Skips, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? SkipRate);

public sealed record WeekdaySkipRate(string Weekday, long Plays, long Skips, [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? SkipRate);

public sealed record GenreMonth(string Month, string Genre, long Plays);

/// <summary>new_artist_plays: plays of an artist the listener had never played before; discovery_rate = new_artist_plays / plays.</summary>
public sealed record DiscoveryMonth(string Month, long Plays, long NewArtistPlays, double DiscoveryRate);

/// <summary>Sessions split where 30 minutes or more pass between plays; lengths from the first play's start to the last one's end. Nulls when there are none.</summary>
public sealed record SessionSummary(
    long Count,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MeanMinutes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MedianMinutes,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] double? MeanTracks);

public sealed record TopTrack(
    string TrackId,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Name,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.Never)] string? Artist,
    long Plays);

public sealed record TopArtist(string Artist, long Plays, long DistinctTracks);
