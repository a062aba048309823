using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>Athena, which runs the listening reports over the archive's Glue table (section "Aws:Athena").</summary>
public sealed class AthenaOptions : IValidatedOptions
{
    public const string Section = "Aws:Athena";

    public string? ServiceUrl { get; set; }

    /// <summary>Aws:Athena:WorkGroup: the reports' workgroup; its configuration names the results bucket.</summary>
    public string? WorkGroup { get; set; }

    /// <summary>Aws:Athena:Database: the Glue database of the playback_events table.</summary>
    public string? Database { get; set; }

    /// <summary>How long a report may run: under API Gateway's 29 s.</summary>
    public TimeSpan QueryTimeout { get; set; } = TimeSpan.FromSeconds(25);

    /// <summary>The first wait between looks at a running query; it doubles up to 2 s.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(200);

    public IEnumerable<string> Problems() => AwsOptions.ServiceUrlProblems("Aws:Athena:ServiceUrl", ServiceUrl);

    /// <summary>What running a report needs; checked when the engine is first built (only the recommendations API runs reports).</summary>
    internal IEnumerable<string> ReportProblems()
    {
        if (string.IsNullOrWhiteSpace(WorkGroup)) yield return "Aws:Athena:WorkGroup is required: the workgroup the listening reports run in";
        if (string.IsNullOrWhiteSpace(Database)) yield return "Aws:Athena:Database is required: the Glue database of the archive's playback_events table";
        if (QueryTimeout <= TimeSpan.Zero || PollInterval <= TimeSpan.Zero) yield return "Aws:Athena:QueryTimeout and PollInterval must be positive";
        foreach (var p in AwsOptions.ServiceUrlProblems("Aws:Athena:ServiceUrl", ServiceUrl)) yield return p;
    }
}
