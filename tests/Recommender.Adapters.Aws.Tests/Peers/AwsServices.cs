using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Recommender.Adapters.Aws.Tests.Peers;

/// <summary>Builds the adapters exactly as a service does (AddAwsAdapters over configuration), with test credentials.</summary>
public static class AwsServices
{
    public static readonly BasicAWSCredentials TestCredentials = new("AKIDLOCALTEST", "local-test-secret");

    public static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Aws:Region"] = "us-east-1",
            ["Aws:RetryBaseDelay"] = "00:00:00.010",
        }.Concat(settings).GroupBy(p => p.Key).ToDictionary(g => g.Key, g => g.Last().Value)).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<AWSCredentials>(TestCredentials);
        services.AddAwsAdapters(configuration);
        more?.Invoke(services);
        return services.BuildServiceProvider();
    }

    /// <summary>Runs the hosted services' start (validation and, with Aws:CreateMissingResources, the local resources).</summary>
    public static async Task StartAsync(IServiceProvider services)
    {
        foreach (var hosted in services.GetServices<IHostedService>())
            await hosted.StartAsync(CancellationToken.None);
    }

    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 13, 60)];
}
