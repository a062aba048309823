namespace Recommender.Core.Analytics;

/// <summary>A query's answer as the engines give it: column names and every value as text (Athena's form), null for SQL NULL.</summary>
public sealed record ReportTable(IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows);

/// <summary>
/// Runs the SQL of analytics/ over the archive: DuckDB over the local Parquet lake on one machine, Athena over the Glue
/// table on AWS. The statements come from <see cref="AnalyticsModels.Compose"/>, so both engines run the same text.
/// </summary>
public interface IAnalyticsEngine
{
    Task<ReportTable> QueryAsync(string sql, CancellationToken cancellationToken);

    /// <summary>
    /// Several statements over one scope: <paramref name="listener"/> is the listener their staging filters on (null for
    /// everyone). An engine may read that listener's events once for all of them; the answers are the statements' own.
    /// </summary>
    async Task<IReadOnlyList<ReportTable>> QueryAllAsync(IReadOnlyList<string> statements, string? listener, CancellationToken cancellationToken) =>
        await Task.WhenAll(statements.Select(s => QueryAsync(s, cancellationToken)));
}
