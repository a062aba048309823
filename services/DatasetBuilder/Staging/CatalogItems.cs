using Microsoft.Data.Sqlite;
using Recommender.Core.Catalog;

namespace DatasetBuilder.Staging;

/// <summary>
/// Puts the track catalog into the builder's items table, so ITEMS lists every catalog track, played or not, with its
/// artist, genres, release year and audio features: what Personalize's models read to recommend tracks nobody has played.
/// The catalog's values win over what the archive's events carried; CREATION_TIMESTAMP is the earlier of the first
/// sighting in the archive and the catalog's added time. Repeating it changes nothing.
/// </summary>
public sealed class CatalogItems(BuilderDatabase database)
{
    private const int BatchSize = 5_000;
    private static readonly string[] Features = ["danceability", "energy", "valence", "tempo"];

    public async Task<long> MergeAsync(ITrackCatalog catalog, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var connection = database.Open();
        var batch = new List<CatalogTrack>(BatchSize);
        long merged = 0;
        await foreach (var track in catalog.ReadAllAsync(cancellationToken))
        {
            batch.Add(track);
            if (batch.Count < BatchSize) continue;
            merged += Write(connection, batch, now);
            batch.Clear();
        }
        return merged + Write(connection, batch, now);
    }

    private static int Write(SqliteConnection connection, List<CatalogTrack> tracks, DateTimeOffset now)
    {
        if (tracks.Count == 0) return 0;
        using var transaction = connection.BeginTransaction();
        using var upsert = connection.CreateCommand();
        upsert.Transaction = transaction;
        upsert.CommandText = """
            INSERT INTO items (item_id, artist, genres, first_seen, release_year, danceability, energy, valence, tempo)
            VALUES ($item, $artist, $genres, $seen, $year, $d, $e, $v, $t)
            ON CONFLICT (item_id) DO UPDATE SET
              artist = coalesce(excluded.artist, artist), genres = coalesce(excluded.genres, genres),
              first_seen = min(first_seen, excluded.first_seen), release_year = coalesce(excluded.release_year, release_year),
              danceability = coalesce(excluded.danceability, danceability), energy = coalesce(excluded.energy, energy),
              valence = coalesce(excluded.valence, valence), tempo = coalesce(excluded.tempo, tempo)
            """;
        var p = new[] { "$item", "$artist", "$genres", "$seen", "$year", "$d", "$e", "$v", "$t" }.Select(n => upsert.Parameters.Add(n, SqliteType.Text)).ToArray();
        foreach (var t in tracks)
        {
            Set(p[0], t.TrackId);
            Set(p[1], t.Artists.Select(a => a.Key).FirstOrDefault(k => !string.IsNullOrWhiteSpace(k))?.Replace('|', '/'));
            Set(p[2], ItemValues.Genres(t.Genres));
            Set(p[3], (t.AddedAt ?? now).ToUnixTimeSeconds());
            Set(p[4], t.ReleaseYear is { } year ? (long)year : null);
            for (var i = 0; i < Features.Length; i++)
                Set(p[5 + i], t.AudioFeatures.TryGetValue(Features[i], out var v) && double.IsFinite(v) ? v : null);
            upsert.ExecuteNonQuery();
        }
        transaction.Commit();
        return tracks.Count;
    }

    private static void Set(SqliteParameter parameter, object? value)
    {
        parameter.SqliteType = value switch { long => SqliteType.Integer, double => SqliteType.Real, _ => SqliteType.Text };
        parameter.Value = value ?? DBNull.Value;
    }
}
