using Recommender.Adapters.Local.Archive;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Recommender.Core.Archive;
using Recommender.Core.Configuration;
using Recommender.Core.Consumers;
using StreamConsumers.Handlers;
using StreamConsumers.Local;
using StreamConsumers.Telemetry;
using Recommender.Core.Telemetry;

namespace StreamConsumers;

public static class StreamConsumersExtensions
{
    /// <summary>
    /// The consumers this process runs, chosen here for both hosts (the local loops and Lambda's POST /events): those
    /// Consumers:Enabled names, else every one with a sink (the archive only when the adapters, registered first, have one).
    /// Each chosen consumer's sink is built at start, so a setting it lacks stops the start, named.
    /// </summary>
    public static IServiceCollection AddStreamConsumers(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        var archiveConfigured = services.Any(d => d.ServiceType == typeof(IEventArchive));
        services.AddOptions<ConsumerOptions>().Configure(o => o.ArchiveConfigured = archiveConfigured);
        services.AddValidatedOptions<ConsumerOptions>(configuration, ConsumerOptions.Section);

        var chosen = configuration.GetSection(ConsumerOptions.Section).Get<ConsumerOptions>() ?? new ConsumerOptions();
        chosen.ArchiveConfigured = archiveConfigured;
        foreach (var name in chosen.Chosen)
        {
            // each consumer is a role of its own in readiness.json (a Lambda function runs one)
            services.AddSingleton(new ServiceRole(name));
            switch (name)
            {
                case HotPathHandler.ConsumerName: services.AddSingleton<IStreamBatchHandler, HotPathHandler>(); break;
                case ProfileAggregatorHandler.ConsumerName: services.AddSingleton<IStreamBatchHandler, ProfileAggregatorHandler>(); break;
                // named without an archive: the options check stops the start with that, before this handler is built
                case ArchiveHandler.ConsumerName when archiveConfigured: services.AddSingleton<IStreamBatchHandler, ArchiveHandler>(); break;
            }
        }
        services.AddHostedService<ConsumerSinksAtStart>();
        services.TryAddSingleton<ConsumerMetrics>();
        services.AddSingleton<IObservableInstruments>(sp => sp.GetRequiredService<ConsumerMetrics>());
        return services;
    }

    /// <summary>Runs the chosen consumers in hosted loops over the stream reader (what Lambda's event source mappings do on AWS), and samples their lag.</summary>
    public static IServiceCollection AddLocalConsumerLoops(this IServiceCollection services)
    {
        services.AddHostedService<ConsumerLoops>();
        services.AddHostedService<ConsumerLagSampler>();
        services.AddHealthChecks().AddCheck<ConsumerLagHealthCheck>("consumer-lag", tags: ["ready"]);
        // the local lake is compacted by the host that runs its archive consumer
        if (services.Any(d => d.ServiceType == typeof(LakeCompaction)) && services.Any(d => d.ImplementationType == typeof(ArchiveHandler)))
            services.AddHostedService<LakeCompactionLoop>();
        return services;
    }

    /// <summary>Builds the chosen handlers, and so their sinks, when the host starts (after the settings check).</summary>
    private sealed class ConsumerSinksAtStart(IServiceProvider services, IOptions<ConsumerOptions> options) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            _ = options.Value;
            _ = services.GetServices<IStreamBatchHandler>().ToList();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
