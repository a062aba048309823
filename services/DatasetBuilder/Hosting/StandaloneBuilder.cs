using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Hosting;

namespace DatasetBuilder.Hosting;

/// <summary>The builder outside a host (the build-datasets verb, the benchmark): the adapters of the mode plus AddDatasetBuilder, from environment variables and <paramref name="settings"/>; <paramref name="more"/> may add or replace registrations (credentials, a clock).</summary>
public static class StandaloneBuilder
{
    /// <remarks>Adapters come from the one place that picks them (AddPlatformAdapters, by Recommender:Mode).</remarks>
    public static ServiceProvider Compose(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddPlatformAdapters(configuration);
        services.AddDatasetBuilder(configuration);
        more?.Invoke(services);
        var provider = services.BuildServiceProvider();
        // settings are checked now, as a host would at start
        _ = provider.GetRequiredService<IOptions<DatasetBuilderOptions>>().Value;
        return provider;
    }
}
