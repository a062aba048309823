using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Data.Sqlite;
using Recommender.Core.Catalog;

namespace Recommender.Adapters.Local.Catalog;

/// <summary>
/// The catalog as one table of a SQLite file (&lt;data-dir&gt;/catalog.db), one row per track. An import writes every
/// column; learning from events writes a column only where it is NULL (<c>coalesce</c>), in the same statement, so
/// the "fill gaps, never overwrite" rule holds however the writes interleave. Empty lists are stored as NULL.
/// </summary>
public sealed class SqliteTrackCatalog : ITrackCatalog
{
    private const int WriteBatch = 5_000;
    private const int ReadBatch = 500;
    private const string Columns = "track_id, name, artists, album, genres, release_year, duration_ms, popularity, explicit, audio_features, source, added_at";
    private readonly string _path;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _writer = new(1, 1);
    private readonly CatalogRowCache _rows = new();

    public SqliteTrackCatalog(string path, TimeProvider? time = null)
    {
        _path = path;
        _time = time ?? TimeProvider.System;
        using var connection = Sqlite.Open(path);
        Sqlite.Execute(connection, """
            CREATE TABLE IF NOT EXISTS tracks (
              track_id TEXT PRIMARY KEY, name TEXT, artists TEXT, album TEXT, genres TEXT, release_year INTEGER,
              duration_ms INTEGER, popularity INTEGER, explicit INTEGER, audio_features TEXT, source TEXT NOT NULL,
              added_at INTEGER NOT NULL) WITHOUT ROWID;
            """);
    }

    public Task ImportAsync(IReadOnlyList<CatalogTrack> tracks, CancellationToken cancellationToken) =>
        WriteAsync(tracks, CatalogSources.Import, """
            ON CONFLICT (track_id) DO UPDATE SET name = excluded.name, artists = excluded.artists, album = excluded.album,
              genres = excluded.genres, release_year = excluded.release_year, duration_ms = excluded.duration_ms,
              popularity = excluded.popularity, explicit = excluded.explicit, audio_features = excluded.audio_features,
              source = excluded.source
            """, cancellationToken);

    public async Task LearnAsync(IReadOnlyList<CatalogTrack> tracks, CancellationToken cancellationToken)
    {
        // most events name tracks the catalog already knows in full: only entries that would fill a gap are written
        var merged = CatalogBatches.Merge(tracks);
        var stored = await GetManyAsync(merged.Select(t => t.TrackId).ToList(), cancellationToken);
        var filling = merged.Where(t => stored.GetValueOrDefault(t.TrackId) is not { } row || row.HasGapsFilledBy(t)).ToList();
        await WriteAsync(filling, CatalogSources.Events, LearnConflict, cancellationToken);
    }

    private const string LearnConflict = """
            ON CONFLICT (track_id) DO UPDATE SET name = coalesce(name, excluded.name), artists = coalesce(artists, excluded.artists),
              album = coalesce(album, excluded.album), genres = coalesce(genres, excluded.genres),
              release_year = coalesce(release_year, excluded.release_year), duration_ms = coalesce(duration_ms, excluded.duration_ms),
              popularity = coalesce(popularity, excluded.popularity), explicit = coalesce(explicit, excluded.explicit),
              audio_features = coalesce(audio_features, excluded.audio_features)
            """;

    public async Task<CatalogTrack?> GetAsync(string trackId, CancellationToken cancellationToken) =>
        (await GetManyAsync([trackId], cancellationToken)).GetValueOrDefault(trackId);

    public async Task<IReadOnlyDictionary<string, CatalogTrack>> GetManyAsync(IReadOnlyCollection<string> trackIds, CancellationToken cancellationToken)
    {
        var found = new Dictionary<string, CatalogTrack>(StringComparer.Ordinal);
        var missing = new List<string>();
        foreach (var id in trackIds.Distinct(StringComparer.Ordinal))
            if (_rows.TryGet(id, out var row)) found[id] = row;
            else missing.Add(id);
        if (missing.Count == 0) return found;
        var generation = _rows.Generation;
        var read = new List<CatalogTrack>(missing.Count);
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM tracks WHERE track_id IN (SELECT value FROM json_each($ids))";
        var ids = command.Parameters.Add("$ids", SqliteType.Text);
        foreach (var chunk in missing.Chunk(ReadBatch))
        {
            ids.Value = JsonSerializer.Serialize(chunk, CatalogJson.Default.StringArray);
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            while (await reader.ReadAsync(cancellationToken))
            {
                var track = Read(reader);
                found[track.TrackId] = track;
                read.Add(track);
            }
        }
        _rows.Keep(read, generation);
        return found;
    }

    public async IAsyncEnumerable<CatalogTrack> ReadAllAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = Sqlite.Open(_path);
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT {Columns} FROM tracks";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken)) yield return Read(reader);
    }

    private async Task WriteAsync(IReadOnlyList<CatalogTrack> tracks, string source, string onConflict, CancellationToken cancellationToken)
    {
        if (tracks.Count == 0) return;
        await _writer.WaitAsync(cancellationToken);
        try
        {
            await using var connection = Sqlite.Open(_path);
            var addedAt = _time.GetUtcNow().ToUnixTimeMilliseconds();
            foreach (var chunk in tracks.Chunk(WriteBatch))
            {
                await using var transaction = connection.BeginTransaction();
                await using var upsert = connection.CreateCommand();
                upsert.Transaction = transaction;
                upsert.CommandText = $"""
                    INSERT INTO tracks ({Columns}) VALUES ($id, $name, $artists, $album, $genres, $year, $duration, $popularity, $explicit, $audio, $source, $added)
                    {onConflict}
                    """;
                var p = new[] { "$id", "$name", "$artists", "$album", "$genres", "$year", "$duration", "$popularity", "$explicit", "$audio" }
                    .Select(n => upsert.Parameters.Add(n, SqliteType.Text)).ToArray();
                upsert.Parameters.AddWithValue("$source", source);
                upsert.Parameters.AddWithValue("$added", addedAt);
                foreach (var t in chunk)
                {
                    Set(p[0], t.TrackId);
                    Set(p[1], t.Name);
                    Set(p[2], t.Artists.Count == 0 ? null : JsonSerializer.Serialize(t.Artists, CatalogJson.Default.IReadOnlyListArtistRef));
                    Set(p[3], t.Album);
                    Set(p[4], t.Genres.Count == 0 ? null : JsonSerializer.Serialize(t.Genres, CatalogJson.Default.IReadOnlyListString));
                    Set(p[5], t.ReleaseYear);
                    Set(p[6], t.DurationMs);
                    Set(p[7], t.Popularity);
                    Set(p[8], t.Explicit is { } e ? (e ? 1 : 0) : null);
                    Set(p[9], t.AudioFeatures.Count == 0 ? null : JsonSerializer.Serialize(t.AudioFeatures, CatalogJson.Default.IReadOnlyDictionaryStringDouble));
                    await upsert.ExecuteNonQueryAsync(cancellationToken);
                }
                await transaction.CommitAsync(cancellationToken);
                _rows.Forget(chunk.Select(t => t.TrackId));
            }
        }
        finally { _writer.Release(); }
    }

    private static void Set(SqliteParameter parameter, object? value)
    {
        parameter.SqliteType = value switch { int or long => SqliteType.Integer, _ => SqliteType.Text };
        parameter.Value = value ?? DBNull.Value;
    }

    private static CatalogTrack Read(SqliteDataReader r) => new()
    {
        TrackId = r.GetString(0),
        Name = r.IsDBNull(1) ? null : r.GetString(1),
        Artists = r.IsDBNull(2) ? [] : JsonSerializer.Deserialize(r.GetString(2), CatalogJson.Default.IReadOnlyListArtistRef) ?? [],
        Album = r.IsDBNull(3) ? null : r.GetString(3),
        Genres = r.IsDBNull(4) ? [] : JsonSerializer.Deserialize(r.GetString(4), CatalogJson.Default.IReadOnlyListString) ?? [],
        ReleaseYear = r.IsDBNull(5) ? null : r.GetInt32(5),
        DurationMs = r.IsDBNull(6) ? null : r.GetInt64(6),
        Popularity = r.IsDBNull(7) ? null : r.GetInt32(7),
        Explicit = r.IsDBNull(8) ? null : r.GetInt64(8) == 1,
        AudioFeatures = r.IsDBNull(9) ? new Dictionary<string, double>() : JsonSerializer.Deserialize(r.GetString(9), CatalogJson.Default.IReadOnlyDictionaryStringDouble)!,
        Source = r.GetString(10),
        AddedAt = DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(11)),
    };
}
