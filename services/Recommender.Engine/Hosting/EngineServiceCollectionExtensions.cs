using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Recommender.Core.Configuration;
using Recommender.Core.Recommendations;
using Recommender.Core.Telemetry;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers the embedded engine: one <see cref="EmbeddedRecommender"/> as both <see cref="IRecommender"/> and <see cref="IInteractionTracker"/>,
    /// the <see cref="CatalogFeed"/> from the platform's track catalog, its <see cref="ModelStore"/> under <c>&lt;Recommender:DataDirectory&gt;/models/</c>,
    /// its journal and snapshot under <c>engine/</c>, the model owner (<see cref="ModelPromotion"/>), the background retrainer and the checkpointer; its settings
    /// (<see cref="EngineOptions.Section"/>) are bound and checked at start.</summary>
    public static IServiceCollection AddEmbeddedEngine(this IServiceCollection services, IConfiguration configuration)
    {
        // the data folder is the platform's setting; Recommender:Engine's own binding comes after it
        services.AddOptions<EngineOptions>().Configure(o => o.DataDirectory = configuration[DataFolder.Key] is { Length: > 0 } folder ? folder : o.DataDirectory);
        services.AddValidatedOptions<EngineOptions>(configuration, EngineOptions.Section);
        services.AddSingleton(sp => sp.GetRequiredService<IOptions<EngineOptions>>().Value);
        // the engine's memory survives restarts: its journal and last snapshot are under <data-dir>/engine
        services.AddSingleton(sp => EmbeddedRecommender.OpenDurable(sp.GetRequiredService<EngineOptions>(), sp.GetService<TimeProvider>()));
        services.AddSingleton<IRecommender>(sp => sp.GetRequiredService<EmbeddedRecommender>());
        services.AddSingleton<IInteractionTracker>(sp => sp.GetRequiredService<EmbeddedRecommender>());
        services.AddSingleton<ModelStore>();
        services.AddSingleton<IObservableInstruments>(sp => new EngineMetrics(sp.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(),
            sp.GetRequiredService<EmbeddedRecommender>(), sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton(sp => new ModelPromotion(sp.GetRequiredService<EmbeddedRecommender>(), sp.GetRequiredService<ModelStore>(),
            sp.GetRequiredService<EngineOptions>(), sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new BackgroundRetrainer(sp.GetRequiredService<EmbeddedRecommender>(), sp.GetRequiredService<ModelStore>(),
            sp.GetRequiredService<ModelPromotion>(), sp.GetRequiredService<EngineOptions>(), sp.GetService<TimeProvider>(),
            sp.GetService<Microsoft.Extensions.Logging.ILogger<BackgroundRetrainer>>()));
        // the catalog before the model: a model's tracks then keep the catalog's names and metadata
        services.AddHostedService<CatalogFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundRetrainer>());
        services.AddHostedService<EngineCheckpointer>();
        return services;
    }
}
