using System.Globalization;
using System.Text.RegularExpressions;

namespace Recommender.Core.Analytics;

/// <summary>
/// A report's scope: UTC dates from and to (both inclusive) and one listener or everyone. The SQL names them
/// <c>:from_date</c>, <c>:to_date</c>, <c>:user_id</c> and <c>:archived_since</c>; they are written in as literals (dates
/// are formatted from <see cref="DateOnly"/>, the listener id quoted), since Athena's named queries and DuckDB share no
/// placeholder syntax.
/// </summary>
public sealed partial record ReportParameters(DateOnly From, DateOnly To, string? UserId)
{
    public string Apply(string sql) => Placeholder().Replace(sql, match => match.Groups[1].Value switch
    {
        "from_date" => DateLiteral(From),
        "to_date" => DateLiteral(To),
        "user_id" => UserId is null ? "CAST(NULL AS varchar)" : Literal(UserId),
        // An event is archived at or after it happened, less the 5 minutes the contract lets occurred_at run ahead.
        "archived_since" => Literal(From.AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)),
        var other => throw new InvalidOperationException($"unknown report parameter :{other}"),
    });

    /// <summary>A SQL string literal; single quotes doubled, the only escape both engines read in one.</summary>
    public static string Literal(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static string DateLiteral(DateOnly day) => $"DATE '{day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}'";

    [GeneratedRegex(@"(?<![:\w]):([a-z_]+)\b")]
    private static partial Regex Placeholder();
}
