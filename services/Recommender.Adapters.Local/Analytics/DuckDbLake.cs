using System.Globalization;
using System.Text.RegularExpressions;
using DuckDB.NET.Data;
using Recommender.Adapters.Local.Archive;

namespace Recommender.Adapters.Local.Analytics;

/// <summary>
/// DuckDB in memory over the local lake: a view <c>playback_events</c> with the Glue table's name and columns plus
/// <c>dt</c> from the partition folders, as Athena sees the archive on AWS. Parquet files and the earlier layout's
/// JSON lines both appear in it.
/// </summary>
public static class DuckDbLake
{
    public const string TableName = "playback_events";
    private const string ContextType = "STRUCT(\"type\" VARCHAR, uri VARCHAR)";
    private const string TrackType = "STRUCT(\"name\" VARCHAR, artists STRUCT(id VARCHAR, \"name\" VARCHAR)[], album VARCHAR, genres VARCHAR[], release_year INTEGER, audio_features MAP(VARCHAR, DOUBLE))";

    /// <summary>The archive's columns in the Glue table's order and types, whatever file they come from.</summary>
    public const string Columns = "event_id, user_id, track_id, event_type, occurred_at, CAST(ms_played AS BIGINT) AS ms_played, " +
        "CAST(track_duration_ms AS BIGINT) AS track_duration_ms, session_id, CAST(context AS " + ContextType + ") AS context, CAST(track AS " + TrackType + ") AS track";

    private const string JsonColumns = "{event_id: 'VARCHAR', user_id: 'VARCHAR', track_id: 'VARCHAR', event_type: 'VARCHAR', occurred_at: 'VARCHAR', " +
        "ms_played: 'BIGINT', track_duration_ms: 'BIGINT', session_id: 'VARCHAR', context: '" + ContextType + "', track: '" + TrackType + "'}";

    /// <summary>The fields of <c>track</c>, in <see cref="TrackType"/>'s order.</summary>
    private static readonly (string Name, string Type)[] TrackFields =
        [("name", "VARCHAR"), ("artists", "STRUCT(id VARCHAR, \"name\" VARCHAR)[]"), ("album", "VARCHAR"), ("genres", "VARCHAR[]"), ("release_year", "INTEGER"), ("audio_features", "MAP(VARCHAR, DOUBLE)")];

    /// <summary>The view's columns, in its order.</summary>
    private static readonly (string Name, string Type)[] ViewColumns =
    [
        ("event_id", "VARCHAR"), ("user_id", "VARCHAR"), ("track_id", "VARCHAR"), ("event_type", "VARCHAR"), ("occurred_at", "VARCHAR"), ("ms_played", "BIGINT"),
        ("track_duration_ms", "BIGINT"), ("session_id", "VARCHAR"), ("context", ContextType), ("track", TrackType), ("dt", "VARCHAR"),
    ];

    /// <summary>
    /// The view's columns in its shape for a table of one listener's events: a column (or field of <c>track</c>) that the
    /// statements never name is a typed NULL, so it is not read (the track's audio features and context are most of a row).
    /// </summary>
    public static string ScopeColumns(string statements)
    {
        bool Names(string pattern) => Regex.IsMatch(statements, pattern, RegexOptions.IgnoreCase);
        string Null(string type) => $"CAST(NULL AS {type})";
        return string.Join(", ", ViewColumns.Select(c => c.Name switch
        {
            "track" when Names(@"\btrack\b(?!\s*\.)") => "track",
            "track" => "struct_pack(" + string.Join(", ", TrackFields.Select(f => $"\"{f.Name}\" := " +
                (Names($@"\btrack\s*\.\s*""?{f.Name}\b") ? $"track.\"{f.Name}\"" : Null(f.Type)))) + ") AS track",
            var name when Names($@"\b{name}\b") => name,
            var name => $"{Null(c.Type)} AS {name}",
        }));
    }

    public static DuckDBConnection Open()
    {
        var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        // Reports speak UTC dates and hours, whatever the machine's zone.
        Execute(connection, "SET TimeZone = 'UTC'");
        return connection;
    }

    /// <summary>The statement that creates the <c>playback_events</c> view over what the archive holds now.</summary>
    public static string ViewStatement(FileEventArchive archive)
    {
        var partitions = archive.Partitions().ToList();
        var parts = new List<string>();
        if (partitions.Any(p => FileEventArchive.ParquetFiles(p.Folder).Any()))
            parts.Add($"SELECT {Columns}, dt FROM {ReadParquet(Literal(Path.Combine(archive.Root, FileEventArchive.PartitionPrefix + "*", "*.parquet")))}");
        foreach (var (day, folder) in partitions)
        {
            var legacy = FileEventArchive.JsonLinesFiles(folder).ToList();
            if (legacy.Count > 0) parts.Add($"SELECT {Columns}, {Literal(day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))} AS dt FROM {ReadJsonLines(legacy)}");
        }
        if (parts.Count == 0) parts.Add(Empty);
        return $"CREATE OR REPLACE VIEW {TableName} AS {string.Join(" UNION ALL ", parts)}";
    }

    public static string ReadParquet(string files) =>
        $"read_parquet({files}, hive_partitioning = true, hive_types = {{'dt': 'VARCHAR'}}, union_by_name = true)";

    /// <summary>An archive without files: the columns, typed, and no rows.</summary>
    private const string Empty = "SELECT CAST(NULL AS VARCHAR) AS event_id, CAST(NULL AS VARCHAR) AS user_id, CAST(NULL AS VARCHAR) AS track_id, " +
        "CAST(NULL AS VARCHAR) AS event_type, CAST(NULL AS VARCHAR) AS occurred_at, CAST(NULL AS BIGINT) AS ms_played, CAST(NULL AS BIGINT) AS track_duration_ms, " +
        "CAST(NULL AS VARCHAR) AS session_id, CAST(NULL AS " + ContextType + ") AS context, CAST(NULL AS " + TrackType + ") AS track, CAST(NULL AS VARCHAR) AS dt WHERE false";

    /// <summary>Gzipped JSON lines of the earlier archive layout, typed as the Parquet columns.</summary>
    public static string ReadJsonLines(IReadOnlyCollection<string> files) =>
        $"read_json({FileList(files)}, format = 'newline_delimited', compression = 'gzip', columns = {JsonColumns})";

    public static string FileList(IEnumerable<string> files) => "[" + string.Join(", ", files.Select(Literal)) + "]";

    /// <summary>A SQL string literal; single quotes doubled, the only escape DuckDB and Athena read in one.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    public static void Execute(DuckDBConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
