using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using Recommender.Adapters.Aws.Configuration;
using Recommender.Core.Configuration;

namespace Recommender.Adapters.Aws.Readiness;

/// <summary>
/// Registers one /readyz check ("aws:{dependency}", tag "ready") per AWS dependency of the <see cref="ServiceRole"/>s this
/// process plays, from <see cref="AwsDependencies"/>; done when the health checks are first built, so the roles a service's own
/// extension registers after the adapters are seen.
/// </summary>
internal sealed class AwsReadinessChecks(IEnumerable<ServiceRole> roles, IConfiguration configuration, DependencyProbes probes,
    IOptions<ReadinessOptions> options, TimeProvider time) : IConfigureOptions<HealthCheckServiceOptions>
{
    public const string ReadyTag = "ready";
    public const string NamePrefix = "aws:";

    public void Configure(HealthCheckServiceOptions health)
    {
        foreach (var dependency in AwsDependencies.Of(roles.Select(r => r.Name)))
        {
            var check = new AwsDependencyCheck(dependency, configuration, probes, options.Value, time);
            health.Registrations.Add(new HealthCheckRegistration(NamePrefix + dependency.Name, check, HealthStatus.Unhealthy, [ReadyTag]));
        }
    }
}
