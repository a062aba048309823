namespace DatasetBuilder.Runs;

/// <summary>A run's report grows a line per decision or failure, so /v1/admin/builds tells the whole story.</summary>
public static class RunReport
{
    public static string Append(string? report, string line) => string.IsNullOrEmpty(report) ? line : report + "\n" + line;
}
