using System.Collections.Concurrent;
using System.Globalization;
using System.Numerics;
using DuckDB.NET.Data;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Analytics;

namespace Recommender.Adapters.Local.Analytics;

/// <summary>
/// The analytics engine on one machine: DuckDB in memory over the local Parquet lake. The SQL of analytics/ is
/// written for Athena (Trino); <see cref="Dialect"/> gives DuckDB the few Trino functions it lacks, under their Trino names.
/// One database stays open (its Parquet metadata cache warm), a connection per query at a time; each query lists the
/// lake again, so an archived event is in the next report.
/// </summary>
public sealed class DuckDbAnalyticsEngine(FileEventArchive archive) : IAnalyticsEngine, IDisposable
{
    /// <summary>Trino functions the reports use that DuckDB has under other names.</summary>
    public static readonly string[] Dialect =
    [
        "CREATE OR REPLACE MACRO from_iso8601_timestamp(text) AS CAST(text AS TIMESTAMPTZ)",
        "CREATE OR REPLACE MACRO day_of_week(day) AS isodow(day)",
    ];

    /// <summary>
    /// Trino expressions DuckDB runs correctly through <see cref="Dialect"/> but slowly, written the fast way: a time zone
    /// conversion per event goes through ICU, epoch microseconds do not. Each source text is in analytics/ (a test checks).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> Rewrites = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["CAST(from_iso8601_timestamp(occurred_at) AT TIME ZONE 'UTC' AS timestamp)"] = "make_timestamp(epoch_us(CAST(occurred_at AS TIMESTAMPTZ)))",
    };

    /// <summary>The statement as DuckDB runs it.</summary>
    public static string Rewrite(string sql) => Rewrites.Aggregate(sql, (text, r) => text.Replace(r.Key, r.Value, StringComparison.Ordinal));

    private const int Attempts = 3;
    private readonly Lock _lock = new();
    private readonly ConcurrentBag<DuckDBConnection> _idle = [];
    private DuckDBConnection? _database;
    private string? _view;
    private bool _disposed;

    public Task<ReportTable> QueryAsync(string sql, CancellationToken cancellationToken) =>
        Task.Run(() => Run(connection => Read(connection, sql, cancellationToken), cancellationToken), cancellationToken);

    /// <summary>
    /// One listener's statements read the listener's events once, into a temporary <c>playback_events</c> that hides the
    /// lake's view on this connection: their staging keeps only that listener's events, so the answers are the same.
    /// </summary>
    public async Task<IReadOnlyList<ReportTable>> QueryAllAsync(IReadOnlyList<string> statements, string? listener, CancellationToken cancellationToken)
    {
        if (listener is null) return await Task.WhenAll(statements.Select(s => QueryAsync(s, cancellationToken)));
        return await Task.Run(() => Run(connection =>
        {
            var scope = $"temp.{DuckDbLake.TableName}";
            DuckDbLake.Execute(connection, $"CREATE OR REPLACE TEMP TABLE {DuckDbLake.TableName} AS SELECT {DuckDbLake.ScopeColumns(string.Join('\n', statements))} " +
                $"FROM main.{DuckDbLake.TableName} WHERE user_id = {DuckDbLake.Literal(listener)}");
            try { return statements.Select(s => Read(connection, s, cancellationToken)).ToList(); }
            finally { DuckDbLake.Execute(connection, $"DROP TABLE IF EXISTS {scope}"); }
        }, cancellationToken), cancellationToken);
    }

    private T Run<T>(Func<DuckDBConnection, T> work, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var connection = Rent();
            try
            {
                return work(connection);
            }
            catch (DuckDBException e) when (attempt < Attempts && VanishedFile(e))
            {
                // compaction replaced files between listing and reading: the next attempt lists the lake again
            }
            finally
            {
                Return(connection);
            }
        }
    }

    /// <summary>A connection to the one database, its view over the lake as the lake is now.</summary>
    private DuckDBConnection Rent()
    {
        var view = DuckDbLake.ViewStatement(archive);
        lock (_lock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_database is null)
            {
                _database = DuckDbLake.Open();
                // footers and schemas of the lake's files stay parsed between queries; a replaced file has another name
                DuckDbLake.Execute(_database, "SET parquet_metadata_cache = true");
                foreach (var statement in Dialect) DuckDbLake.Execute(_database, statement);
            }
            // the Parquet files are a glob read at each query; the view changes only with the earlier layout's JSON lines
            if (view != _view)
            {
                DuckDbLake.Execute(_database, view);
                _view = view;
            }
            if (_idle.TryTake(out var idle)) return idle;
            var connection = _database.Duplicate();
            connection.Open();
            // a session setting: reports speak UTC dates and hours, whatever the machine's zone
            DuckDbLake.Execute(connection, "SET TimeZone = 'UTC'");
            return connection;
        }
    }

    private void Return(DuckDBConnection connection)
    {
        lock (_lock)
        {
            if (_disposed) connection.Dispose();
            else _idle.Add(connection);
        }
    }

    private static ReportTable Read(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Rewrite(sql);
        using var registration = cancellationToken.Register(command.Cancel);
        using var reader = command.ExecuteReader();
        var columns = Enumerable.Range(0, reader.FieldCount).Select(reader.GetName).ToList();
        var rows = new List<IReadOnlyList<string?>>();
        while (reader.Read())
        {
            var row = new string?[reader.FieldCount];
            for (var i = 0; i < row.Length; i++) row[i] = reader.IsDBNull(i) ? null : Text(reader.GetValue(i));
            rows.Add(row);
        }
        return new ReportTable(columns, rows);
    }

    private static bool VanishedFile(DuckDBException e) =>
        e.Message.Contains("No such file", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("No files found", StringComparison.OrdinalIgnoreCase)
        || e.Message.Contains("Cannot open file", StringComparison.OrdinalIgnoreCase);

    /// <summary>Values as Athena gives them: invariant numbers, ISO dates.</summary>
    private static string Text(object value) => value switch
    {
        string s => s,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        float f => f.ToString("R", CultureInfo.InvariantCulture),
        decimal m => m.ToString(CultureInfo.InvariantCulture),
        BigInteger b => b.ToString(CultureInfo.InvariantCulture),
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime t => t.ToString("yyyy-MM-dd HH:mm:ss.fff", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            while (_idle.TryTake(out var connection)) connection.Dispose();
            _database?.Dispose();
            _database = null;
        }
    }
}
