using System.Globalization;

namespace Recommender.Core.Analytics;

/// <summary>
/// The listening reports (the marts of analytics/) for a scope, run on whichever engine the platform chose and read
/// into <see cref="ListeningStats"/>. The marts of one scope go to the engine together: on Athena each is a query of its own,
/// run concurrently; DuckDB reads one listener's events once for all of them.
/// </summary>
public sealed class ListeningReports(IAnalyticsEngine engine, AnalyticsModels? models = null)
{
    private readonly AnalyticsModels _models = models ?? AnalyticsModels.Embedded;

    public static readonly string[] Marts =
        ["daily_listening", "skip_rate_by_hour", "skip_rate_by_weekday", "genres_by_month", "discovery_by_month", "sessions", "top_tracks", "top_artists"];

    /// <summary>One mart's table for the scope (the report verb prints these).</summary>
    public Task<ReportTable> RunAsync(string mart, ReportParameters parameters, CancellationToken cancellationToken) =>
        engine.QueryAsync(_models.Compose(mart, parameters), cancellationToken);

    public async Task<ListeningStats> StatsAsync(ReportParameters parameters, CancellationToken cancellationToken)
    {
        var tables = await engine.QueryAllAsync([.. Marts.Select(m => _models.Compose(m, parameters))], parameters.UserId, cancellationToken);
        var t = Marts.Zip(tables).ToDictionary(p => p.First, p => new Rows(p.Second));
        var session = t["sessions"].Select(r => new SessionSummary(r.Long("count"), r.Double("mean_minutes"), r.Double("median_minutes"), r.Double("mean_tracks")))
            .SingleOrDefault() ?? new SessionSummary(0, null, null, null);
        return new ListeningStats(
            parameters.UserId, Day(parameters.From), Day(parameters.To),
            t["daily_listening"].Select(r => new DailyListening(r.Text("date")!, r.Long("plays"), r.Long("completes"), r.Long("skips"),
                r.Long("listening_ms"), r.Long("distinct_tracks"), r.Long("distinct_artists"))).ToList(),
            t["skip_rate_by_hour"].Select(r => new HourSkipRate((int)r.Long("hour"), r.Long("plays"), r.Long("skips"), r.Double("skip_rate"))).ToList(),
            t["skip_rate_by_weekday"].Select(r => new WeekdaySkipRate(r.Text("weekday")!, r.Long("plays"), r.Long("skips"), r.Double("skip_rate"))).ToList(),
            t["genres_by_month"].Select(r => new GenreMonth(r.Text("month")!, r.Text("genre")!, r.Long("plays"))).ToList(),
            t["discovery_by_month"].Select(r => new DiscoveryMonth(r.Text("month")!, r.Long("plays"), r.Long("new_artist_plays"), r.Double("discovery_rate") ?? 0)).ToList(),
            session,
            t["top_tracks"].Select(r => new TopTrack(r.Text("track_id")!, r.Text("name"), r.Text("artist"), r.Long("plays"))).ToList(),
            t["top_artists"].Select(r => new TopArtist(r.Text("artist")!, r.Long("plays"), r.Long("distinct_tracks"))).ToList());
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>A table's rows read by column name; values arrive as text from both engines.</summary>
    private sealed class Rows(ReportTable table) : List<Row>(table.Rows.Select(r => new Row(table, r)));

    private sealed class Row(ReportTable table, IReadOnlyList<string?> values)
    {
        public string? Text(string column)
        {
            var index = -1;
            for (var i = 0; i < table.Columns.Count; i++)
                if (string.Equals(table.Columns[i], column, StringComparison.OrdinalIgnoreCase)) index = i;
            return index >= 0 ? values[index] : throw new InvalidDataException($"the report has no column \"{column}\" (columns: {string.Join(", ", table.Columns)})");
        }

        public long Long(string column) => Text(column) is { } text ? (long)decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : 0;

        public double? Double(string column) => Text(column) is { } text ? double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture) : null;
    }
}
