using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>Settings shared by every AWS adapter (section "Aws").</summary>
public sealed class AwsOptions : IValidatedOptions
{
    public const string Section = "Aws";

    /// <summary>Aws:Region; when empty, AWS_REGION / AWS_DEFAULT_REGION (Lambda sets AWS_REGION).</summary>
    public string? Region { get; set; }

    /// <summary>Aws:ServiceUrl: one endpoint override for every service (a local peer); per service Aws:{Service}:ServiceUrl wins.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>Retries of one call on throttling, 5xx and timeouts, with exponential backoff and jitter.</summary>
    public int MaxRetries { get; set; } = 4;

    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Aws:CreateMissingResources: create the stream and tables at start when absent. Meant for local
    /// peers (kinesalite, dynalite); on AWS the infrastructure program creates them.
    /// </summary>
    public bool CreateMissingResources { get; set; }

    public string ResolvedRegion =>
        FirstNonEmpty(Region, Environment.GetEnvironmentVariable("AWS_REGION"), Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION")) ?? "";

    public IEnumerable<string> Problems()
    {
        if (ResolvedRegion.Length == 0)
            yield return "Aws:Region is required (or the AWS_REGION environment variable): the region of every AWS service used";
        if (MaxRetries is < 0 or > 20) yield return $"Aws:MaxRetries must be 0 to 20; got {MaxRetries}";
        if (RetryBaseDelay <= TimeSpan.Zero) yield return "Aws:RetryBaseDelay must be positive";
        if (RequestTimeout <= TimeSpan.Zero) yield return "Aws:RequestTimeout must be positive";
        foreach (var p in ServiceUrlProblems("Aws:ServiceUrl", ServiceUrl)) yield return p;
    }

    /// <summary>The endpoint override of one service: its own, else the shared one.</summary>
    public string? ServiceUrlFor(string? own) => FirstNonEmpty(own, ServiceUrl);

    internal static IEnumerable<string> ServiceUrlProblems(string key, string? url)
    {
        if (!string.IsNullOrWhiteSpace(url) && !(Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            yield return $"{key} must be an absolute http(s) URL; got \"{url}\"";
    }

    internal static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v));
}
