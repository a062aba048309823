using DatasetBuilder.Schemas;
using DatasetBuilder.Staging;
using Microsoft.Data.Sqlite;
using Recommender.Adapters.Local;
using Recommender.Core.Profiles;

namespace DatasetBuilder.Csv;

public sealed record DatasetCounts(long Interactions, long Users, long Items);

/// <summary>Writes the three Personalize CSVs from the builder database, each with its schema's header; columns are matched to the schema by name, so the file follows the schema's order.</summary>
public sealed class DatasetFiles(BuilderDatabase database, IProfileStore profiles)
{
    public const string InteractionsFile = "interactions.csv";
    public const string UsersFile = "users.csv";
    public const string ItemsFile = "items.csv";
    public static readonly string[] All = [InteractionsFile, UsersFile, ItemsFile];

    /// <summary>
    /// Writes into <paramref name="folder"/>; with <paramref name="onlyRunId"/>, INTERACTIONS holds only events no run in
    /// <paramref name="publishedRunIds"/> published: that run's and those of runs that stopped (an INCREMENTAL import).
    /// </summary>
    public async Task<DatasetCounts> WriteAsync(string folder, string? onlyRunId, IReadOnlyCollection<string> publishedRunIds,
        IProgress<BuildProgress>? progress, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(folder);
        using var connection = database.Open();
        // the ledger may live elsewhere (DynamoDB): the runs that published are handed over in a table of this connection
        Sqlite.Execute(connection, "CREATE TEMP TABLE published (run_id TEXT PRIMARY KEY)");
        using (var transaction = connection.BeginTransaction())
        using (var insert = connection.CreateCommand())
        {
            insert.Transaction = transaction;
            insert.CommandText = "INSERT OR IGNORE INTO temp.published (run_id) VALUES ($id)";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            foreach (var runId in publishedRunIds)
            {
                id.Value = runId;
                insert.ExecuteNonQuery();
            }
            transaction.Commit();
        }
        var interactions = WriteQuery(connection, Path.Combine(folder, InteractionsFile), DatasetSchema.Interactions, """
            SELECT user_id AS USER_ID, item_id AS ITEM_ID, ts AS TIMESTAMP, event_type AS EVENT_TYPE, event_value AS EVENT_VALUE,
                   session_id AS SESSION_ID, context_type AS CONTEXT_TYPE, hour_of_day AS HOUR_OF_DAY
            FROM interactions WHERE $run IS NULL OR run_id = $run OR run_id NOT IN (SELECT run_id FROM temp.published)
            """, onlyRunId, cancellationToken);
        progress?.Report(new BuildProgress("write", $"{InteractionsFile}: {interactions:N0} rows"));
        var items = WriteQuery(connection, Path.Combine(folder, ItemsFile), DatasetSchema.Items, """
            SELECT item_id AS ITEM_ID, artist AS ARTIST, genres AS GENRES, first_seen AS CREATION_TIMESTAMP, release_year AS RELEASE_YEAR,
                   danceability AS DANCEABILITY, energy AS ENERGY, valence AS VALENCE, tempo AS TEMPO
            FROM items ORDER BY item_id
            """, null, cancellationToken);
        progress?.Report(new BuildProgress("write", $"{ItemsFile}: {items:N0} rows"));
        var users = await WriteUsersAsync(connection, Path.Combine(folder, UsersFile), cancellationToken);
        progress?.Report(new BuildProgress("write", $"{UsersFile}: {users:N0} rows"));
        return new DatasetCounts(interactions, users, items);
    }

    private static long WriteQuery(SqliteConnection connection, string path, DatasetSchema schema, string sql, string? runId, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$run", (object?)runId ?? DBNull.Value);
        using var reader = command.ExecuteReader();
        var ordinals = schema.Fields.Select(f => reader.GetOrdinal(f.Name)).ToArray();
        using var csv = new CsvFileWriter(path);
        csv.WriteRow(schema.Header);
        var row = new string?[ordinals.Length];
        while (reader.Read())
        {
            if ((csv.Rows & 0xFFFF) == 0) cancellationToken.ThrowIfCancellationRequested();
            for (var i = 0; i < ordinals.Length; i++) row[i] = CsvFileWriter.Format(reader.GetValue(ordinals[i]));
            csv.WriteRow(row);
        }
        return csv.Rows - 1;
    }

    private async Task<long> WriteUsersAsync(SqliteConnection connection, string path, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        // the archive's own counts stand in when the profile store does not know a user
        command.CommandText = """
            SELECT user_id, interactions, skips, listens, ms_played FROM users ORDER BY user_id
            """;
        using var reader = command.ExecuteReader();
        var schema = DatasetSchema.Users;
        using var csv = new CsvFileWriter(path);
        csv.WriteRow(schema.Header);
        var row = new string?[schema.Fields.Count];
        int user = schema.IndexOf("USER_ID"), genre = schema.IndexOf("TOP_GENRE"), artist = schema.IndexOf("TOP_ARTIST"),
            skip = schema.IndexOf("SKIP_RATE_BAND"), time = schema.IndexOf("LISTENING_TIME_BAND");
        if (schema.Fields.Count != 5) throw new InvalidOperationException("the USERS schema changed: teach DatasetFiles its new fields");
        while (reader.Read())
        {
            var id = reader.GetString(0);
            var profile = await profiles.GetAsync(id, cancellationToken);
            long listens = reader.GetInt64(3), skips = reader.GetInt64(2);
            row[user] = id;
            row[genre] = Categorical(UserFeatures.TopGenre(profile));
            row[artist] = Categorical(UserFeatures.TopArtist(profile));
            row[skip] = UserFeatures.SkipRateBand(profile is { Plays: > 0 } ? profile.SkipRate : listens == 0 ? 0 : (double)skips / listens);
            row[time] = UserFeatures.ListeningTimeBand(profile?.ListeningMs ?? reader.GetInt64(4));
            csv.WriteRow(row);
        }
        return csv.Rows - 1;
    }

    private static string? Categorical(string? value) => value?.Replace('|', '/');
}
