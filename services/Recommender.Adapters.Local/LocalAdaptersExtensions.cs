using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Adapters.Local.Access;
using Recommender.Adapters.Local.Analytics;
using Recommender.Adapters.Local.Archive;
using Recommender.Adapters.Local.Builds;
using Recommender.Adapters.Local.Catalog;
using Recommender.Adapters.Local.Consumers;
using Recommender.Adapters.Local.Datasets;
using Recommender.Adapters.Local.Profiles;
using Recommender.Adapters.Local.SpotifyLinks;
using Recommender.Adapters.Local.Streaming;
using Recommender.Core.Access;
using Recommender.Core.Analytics;
using Recommender.Core.Archive;
using Recommender.Core.Builds;
using Recommender.Core.Catalog;
using Recommender.Core.Configuration;
using Recommender.Core.Consumers;
using Recommender.Core.Datasets;
using Recommender.Core.Profiles;
using Recommender.Core.SpotifyLinks;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Local;

public static class LocalAdaptersExtensions
{
    public const string KeysFile = "keys.db";

    /// <summary>The embedded stream, profile store, archive, dead-letter table, dataset store, track catalog, the dataset builder's run ledger, the Spotify link store and the API keys, all under Recommender:DataDirectory.</summary>
    public static IServiceCollection AddLocalAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<LocalOptions>(configuration, LocalOptions.Section);

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<LocalOptions>>().Value;
            return new EmbeddedEventLog(Sqlite.PathIn(options.DataDirectory, "stream.db"), options.Stream, sp.GetService<TimeProvider>(),
                options.DeduplicationWindow, sp.GetService<ILoggerFactory>()?.CreateLogger<EmbeddedEventLog>());
        });
        services.AddSingleton<IEventStream>(sp => sp.GetRequiredService<EmbeddedEventLog>());
        services.AddSingleton<IStreamReader>(sp => sp.GetRequiredService<EmbeddedEventLog>());
        services.AddSingleton<IProfileStore>(sp => new SqliteProfileStore(Sqlite.PathIn(DataDirectory(sp), "profiles.db"),
            sp.GetService<TimeProvider>(), sp.GetRequiredService<IOptions<LocalOptions>>().Value.DeduplicationWindow));
        services.AddSingleton<IDeadLetterStore>(sp => new SqliteDeadLetterStore(Sqlite.PathIn(DataDirectory(sp), "consumers.db"), sp.GetService<TimeProvider>()));
        services.AddSingleton(sp => new FileEventArchive(Path.Combine(DataDirectory(sp), "archive"), sp.GetService<TimeProvider>()));
        services.AddSingleton<IEventArchive>(sp => sp.GetRequiredService<FileEventArchive>());
        services.AddSingleton<LakeCompaction>();
        services.AddSingleton<IAnalyticsEngine>(sp => new DuckDbAnalyticsEngine(sp.GetRequiredService<FileEventArchive>()));
        services.AddSingleton<IDatasetStore>(sp => new FileDatasetStore(Path.Combine(DataDirectory(sp), "datasets")));
        services.AddSingleton<ITrackCatalog>(sp => new SqliteTrackCatalog(Sqlite.PathIn(DataDirectory(sp), "catalog.db"), sp.GetService<TimeProvider>()));
        // in the builder's own file, where the ledger has always been, so the runs of an existing data folder stay listed
        services.AddSingleton<RunLedger>(sp => new SqliteRunLedger(Path.Combine(DataDirectory(sp), "builds", "builder.db"),
            sp.GetService<TimeProvider>() ?? TimeProvider.System));
        services.AddSingleton<IApiKeyStore>(sp => new SqliteApiKeyStore(Sqlite.PathIn(DataDirectory(sp), KeysFile)));
        // The hosted producer's linked Spotify accounts; the tokens sealed with a key file only this user can read.
        services.AddSingleton<ISpotifyLinkStore>(sp => new SqliteSpotifyLinkStore(Sqlite.PathIn(DataDirectory(sp), "spotify-links.db")));
        services.AddSingleton<ITokenCipher>(sp => new KeyFileTokenCipher(
            sp.GetRequiredService<IOptions<LocalOptions>>().Value.TokenKeyFile is { Length: > 0 } keyFile
                ? Path.GetFullPath(keyFile)
                : Path.Combine(DataDirectory(sp), "keys", "spotify-tokens.key")));
        services.AddHealthChecks().AddCheck<LocalHealthCheck>("embedded-stores", tags: ["ready"]);
        return services;
    }

    private static string DataDirectory(IServiceProvider sp) =>
        Path.GetFullPath(sp.GetRequiredService<IOptions<LocalOptions>>().Value.DataDirectory);
}
