using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Recommender.Core.Recommendations;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Hosting;

public static class EngineServiceCollectionExtensions
{
    /// <summary>Registers the embedded engine: one <see cref="EmbeddedRecommender"/> as both <see cref="IRecommender"/> and <see cref="IInteractionTracker"/>,
    /// its <see cref="ModelStore"/> under <c>&lt;dataDirectory&gt;/models/</c>, and the background retrainer.</summary>
    public static IServiceCollection AddEmbeddedEngine(this IServiceCollection services, string dataDirectory, Action<EngineOptions>? configure = null)
    {
        var options = new EngineOptions { DataDirectory = dataDirectory };
        configure?.Invoke(options);
        services.AddSingleton(options);
        // the engine's memory survives restarts: its journal and last snapshot are under <data-dir>/engine
        services.AddSingleton(_ => EmbeddedRecommender.OpenDurable(options));
        services.AddSingleton<IRecommender>(sp => sp.GetRequiredService<EmbeddedRecommender>());
        services.AddSingleton<IInteractionTracker>(sp => sp.GetRequiredService<EmbeddedRecommender>());
        services.AddSingleton<ModelStore>();
        services.AddSingleton<ModelPromotion>();
        services.AddSingleton<BackgroundRetrainer>();
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundRetrainer>());
        services.AddHostedService<EngineCheckpointer>();
        return services;
    }
}
