using System.Globalization;
using System.Numerics;
using DuckDB.NET.Data;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Analytics;

namespace Recommender.Adapters.Local.Analytics;

/// <summary>
/// The analytics engine on one machine: DuckDB in memory over the local Parquet lake. The SQL of analytics/ is
/// written for Athena (Trino); <see cref="Dialect"/> gives DuckDB the few Trino functions it lacks, under their Trino names.
/// Each query sees the lake as it is then, so an archived event is in the next report.
/// </summary>
public sealed class DuckDbAnalyticsEngine(FileEventArchive archive) : IAnalyticsEngine
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

    public Task<ReportTable> QueryAsync(string sql, CancellationToken cancellationToken) => Task.Run(() => Query(sql, cancellationToken), cancellationToken);

    private ReportTable Query(string sql, CancellationToken cancellationToken)
    {
        for (var attempt = 1; ; attempt++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            try
            {
                using var connection = DuckDbLake.Open();
                foreach (var statement in Dialect) DuckDbLake.Execute(connection, statement);
                DuckDbLake.CreateView(connection, archive);
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
            catch (DuckDBException e) when (attempt < Attempts && VanishedFile(e))
            {
                // compaction replaced files between listing and reading: the next attempt lists the lake again
            }
        }
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
}
