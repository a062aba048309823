using Recommender.Adapters.Local.Archive;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Recommender.Core.Archive;
using Recommender.Core.Configuration;
using Recommender.Core.Consumers;
using StreamConsumers.Handlers;
using StreamConsumers.Local;

namespace StreamConsumers;

public static class StreamConsumersExtensions
{
    /// <summary>The consumer handlers: hot path, profile aggregator, and archive when the adapters (registered first) have an archive.</summary>
    public static IServiceCollection AddStreamConsumers(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<IStreamBatchHandler, HotPathHandler>();
        services.AddSingleton<IStreamBatchHandler, ProfileAggregatorHandler>();
        // On AWS, Firehose archives the stream itself and no IEventArchive is registered: no archive consumer then.
        if (services.Any(d => d.ServiceType == typeof(IEventArchive))) services.AddSingleton<IStreamBatchHandler, ArchiveHandler>();
        return services;
    }

    /// <summary>Runs the handlers in hosted loops over the stream reader (what Lambda's event source mappings do on AWS).</summary>
    public static IServiceCollection AddLocalConsumerLoops(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<ConsumerOptions>(configuration, ConsumerOptions.Section);
        services.AddHostedService<ConsumerLoops>();
        // the local lake is compacted by the host that runs its archive consumer
        if (services.Any(d => d.ServiceType == typeof(LakeCompaction))
            && new ConsumerOptions { Enabled = configuration.GetSection($"{ConsumerOptions.Section}:Enabled").Get<List<string>>() ?? [] }.IsEnabled(ArchiveHandler.ConsumerName))
            services.AddHostedService<LakeCompactionLoop>();
        return services;
    }
}
