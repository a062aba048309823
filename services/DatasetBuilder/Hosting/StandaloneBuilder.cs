using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Recommender.Adapters.Aws;
using Recommender.Adapters.Local;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Archive;
using Recommender.Engine.Hosting;

namespace DatasetBuilder.Hosting;

/// <summary>The builder outside a host (the build-datasets verb, the benchmark): the adapters of the mode plus AddDatasetBuilder, from environment variables and <paramref name="settings"/>; <paramref name="more"/> may add or replace registrations (credentials, a clock).</summary>
public static class StandaloneBuilder
{
    /// <remarks>The archive is the data folder's in both modes: the Firehose Parquet archive on S3 is not read here (no Parquet reader in the package source).</remarks>
    public static ServiceProvider Compose(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? more = null)
    {
        var configuration = new ConfigurationBuilder().AddEnvironmentVariables().AddInMemoryCollection(settings).Build();
        var dataDirectory = configuration["Recommender:DataDirectory"] ?? "./.recommender-data";
        var services = new ServiceCollection();
        services.AddLogging();
        if (string.Equals(configuration["Recommender:Mode"], BuildModes.Aws, StringComparison.OrdinalIgnoreCase))
        {
            services.AddAwsAdapters(configuration);
            services.AddSingleton<IEventArchive>(new FileEventArchive(Path.Combine(dataDirectory, "archive")));
        }
        else
        {
            services.AddLocalAdapters(configuration);
            services.AddEmbeddedEngine(dataDirectory);
        }
        services.AddDatasetBuilder(configuration);
        more?.Invoke(services);
        var provider = services.BuildServiceProvider();
        // settings are checked now, as a host would at start
        _ = provider.GetRequiredService<IOptions<DatasetBuilderOptions>>().Value;
        return provider;
    }
}
