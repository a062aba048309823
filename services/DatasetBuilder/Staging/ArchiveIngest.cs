using System.Globalization;
using Microsoft.Data.Sqlite;
using Recommender.Core.Archive;
using Recommender.Core.Events;

namespace DatasetBuilder.Staging;

public sealed record IngestCounts(long Read, long New, long Duplicates);

/// <summary>Streams the archive into the builder database in fixed-size transactions: an event whose (user_id, event_id) is already there is skipped, so re-reading (a crash, a second schedule firing, an overlapping hour) never counts twice.</summary>
public sealed class ArchiveIngest(BuilderDatabase database)
{
    private const int BatchSize = 5_000;
    private static readonly string[] AudioFeatures = ["danceability", "energy", "valence", "tempo"];

    public async Task<IngestCounts> RunAsync(IEventArchive archive, DateTimeOffset? sinceHour, string runId,
        IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        long read = 0, added = 0;
        var batch = new List<PlaybackEvent>(BatchSize);
        await foreach (var e in archive.ReadAsync(sinceHour, cancellationToken))
        {
            batch.Add(e);
            if (batch.Count < BatchSize) continue;
            added += Write(connection, batch, runId);
            read += batch.Count;
            batch.Clear();
            if (read % 100_000 == 0) progress?.Report(new BuildProgress("read", $"{read:N0} events read, {added:N0} new"));
        }
        added += Write(connection, batch, runId);
        read += batch.Count;
        return new IngestCounts(read, added, read - added);
    }

    private static int Write(SqliteConnection connection, List<PlaybackEvent> events, string runId)
    {
        if (events.Count == 0) return 0;
        using var transaction = connection.BeginTransaction();
        using var insert = connection.CreateCommand();
        insert.Transaction = transaction;
        insert.CommandText = """
            INSERT OR IGNORE INTO interactions (event_id, user_id, item_id, ts, event_type, event_value, session_id, context_type, hour_of_day, ms_played, run_id)
            VALUES ($id, $user, $item, $ts, $type, $value, $session, $context, $hour, $ms, $run)
            """;
        var p = Parameters(insert, "$id", "$user", "$item", "$ts", "$type", "$value", "$session", "$context", "$hour", "$ms");
        insert.Parameters.AddWithValue("$run", runId);
        using var item = connection.CreateCommand();
        item.Transaction = transaction;
        // the earliest sighting dates a track; later events fill metadata an earlier one lacked
        item.CommandText = """
            INSERT INTO items (item_id, artist, genres, first_seen, release_year, danceability, energy, valence, tempo)
            VALUES ($item, $artist, $genres, $seen, $year, $d, $e, $v, $t)
            ON CONFLICT (item_id) DO UPDATE SET
              artist = coalesce(excluded.artist, artist), genres = coalesce(excluded.genres, genres),
              first_seen = min(first_seen, excluded.first_seen), release_year = coalesce(excluded.release_year, release_year),
              danceability = coalesce(excluded.danceability, danceability), energy = coalesce(excluded.energy, energy),
              valence = coalesce(excluded.valence, valence), tempo = coalesce(excluded.tempo, tempo)
            """;
        var q = Parameters(item, "$item", "$artist", "$genres", "$seen", "$year", "$d", "$e", "$v", "$t");
        using var user = connection.CreateCommand();
        user.Transaction = transaction;
        user.CommandText = """
            INSERT INTO users (user_id, interactions, listens, skips, ms_played) VALUES ($user, 1, $listen, $skip, $ms)
            ON CONFLICT (user_id) DO UPDATE SET interactions = interactions + 1, listens = listens + excluded.listens,
              skips = skips + excluded.skips, ms_played = ms_played + excluded.ms_played
            """;
        var u = Parameters(user, "$user", "$listen", "$skip", "$ms");
        var added = 0;
        foreach (var e in events)
        {
            var seconds = e.OccurredAt.ToUnixTimeSeconds();
            Set(p, e.EventId, e.UserId, e.TrackId, seconds, e.EventType, e.FractionPlayed, e.SessionId, e.Context?.Type,
                e.OccurredAt.UtcDateTime.Hour.ToString("D2", CultureInfo.InvariantCulture), e.MsPlayed);
            if (insert.ExecuteNonQuery() == 0) continue;
            added++;
            var features = e.Track?.AudioFeatures;
            Set(q, e.TrackId, e.Track?.Artists?.Select(a => a.Key).FirstOrDefault(k => !string.IsNullOrWhiteSpace(k)),
                ItemValues.Genres(e.Track?.Genres), seconds, e.Track?.ReleaseYear,
                Feature(features, AudioFeatures[0]), Feature(features, AudioFeatures[1]), Feature(features, AudioFeatures[2]), Feature(features, AudioFeatures[3]));
            item.ExecuteNonQuery();
            Set(u, e.UserId, EventTypes.IsListen(e.EventType) ? 1L : 0L, e.EventType == EventTypes.Skip ? 1L : 0L, e.MsPlayed ?? 0L);
            user.ExecuteNonQuery();
        }
        transaction.Commit();
        return added;
    }

    private static double? Feature(IReadOnlyDictionary<string, double>? features, string name) =>
        features is not null && features.TryGetValue(name, out var v) && double.IsFinite(v) ? v : null;

    private static SqliteParameter[] Parameters(SqliteCommand command, params string[] names) =>
        names.Select(n => command.Parameters.Add(n, SqliteType.Text)).ToArray();

    private static void Set(SqliteParameter[] parameters, params object?[] values)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            var v = values[i];
            parameters[i].SqliteType = v switch { long or int => SqliteType.Integer, double => SqliteType.Real, _ => SqliteType.Text };
            parameters[i].Value = v ?? DBNull.Value;
        }
    }
}
