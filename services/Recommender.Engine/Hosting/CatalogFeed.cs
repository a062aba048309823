using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Recommender.Core.Catalog;
using Recommender.Engine.Serving;

namespace Recommender.Engine.Hosting;

/// <summary>At start, hands the engine every entry of the catalog store, so never-played tracks can be recommended from
/// their metadata and audio features. Entries imported while the host runs reach the engine at its next start.</summary>
public sealed class CatalogFeed(EmbeddedRecommender recommender, ITrackCatalog catalog, ILogger<CatalogFeed> logger) : IHostedService
{
    private const int Chunk = 10_000;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var chunk = new List<CatalogTrack>(Chunk);
        var total = 0;
        await foreach (var track in catalog.ReadAllAsync(cancellationToken))
        {
            chunk.Add(track);
            if (chunk.Count < Chunk) continue;
            recommender.LearnCatalog(chunk);
            total += chunk.Count;
            chunk.Clear();
        }
        recommender.LearnCatalog(chunk);
        total += chunk.Count;
        if (total > 0) logger.LogInformation("The engine knows the {Count} tracks of the catalog", total);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
