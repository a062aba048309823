using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Configuration;

/// <summary>How /readyz checks the AWS dependencies (section "Aws:Readiness").</summary>
public sealed class ReadinessOptions : IValidatedOptions
{
    public const string Section = "Aws:Readiness";

    /// <summary>How long a dependency's answer is reused, so a load balancer's probes are not one AWS call each; 0 asks every time.</summary>
    public TimeSpan CacheFor { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long one check waits for AWS before it reports the dependency as not answering.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(3);

    public IEnumerable<string> Problems()
    {
        if (CacheFor < TimeSpan.Zero) yield return $"{Section}:CacheFor must not be negative";
        if (Timeout <= TimeSpan.Zero) yield return $"{Section}:Timeout must be positive";
    }
}
