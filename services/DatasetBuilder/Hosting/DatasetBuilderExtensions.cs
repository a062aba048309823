using DatasetBuilder.Aws;
using DatasetBuilder.Local;
using DatasetBuilder.Runs;
using DatasetBuilder.Staging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Recommender.Adapters.Aws.Personalize;
using Recommender.Adapters.Local.Archive;
using Recommender.Core.Archive;
using Recommender.Core.Builds;
using Recommender.Core.Catalog;
using Recommender.Core.Configuration;
using Recommender.Core.Datasets;
using Recommender.Core.Profiles;
using Recommender.Engine;
using Recommender.Engine.Hosting;
using Recommender.Hosting;

namespace DatasetBuilder.Hosting;

public static class DatasetBuilderExtensions
{
    /// <summary>
    /// The daily dataset builder over the ports AddPlatformAdapters registered (IEventArchive, IProfileStore, ITrackCatalog, IDatasetStore,
    /// RunLedger) and, by the <see cref="PlatformMode"/> it chose, the embedded engine or the Personalize control plane;
    /// plus the daily timer, which runs only with DatasetBuilder:ScheduleEnabled=true.
    /// </summary>
    public static IServiceCollection AddDatasetBuilder(this IServiceCollection services, IConfiguration configuration)
    {
        // the data folder and the default campaign are other sections' settings; the section's own binding wins over them
        var publishesToAws = services.ChosenMode() == PlatformMode.Aws;
        services.AddOptions<DatasetBuilderOptions>().Configure(o =>
        {
            o.DataDirectory = configuration[DataFolder.Key] ?? o.DataDirectory;
            o.Aws.CampaignArn = configuration["Aws:Personalize:CampaignArn"];
            o.PublishesToAws = publishesToAws;
        });
        services.AddValidatedOptions<DatasetBuilderOptions>(configuration, DatasetBuilderOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp => sp.GetRequiredService<IOptions<DatasetBuilderOptions>>().Value);
        // AWS adapters register the S3 Parquet archive when Aws:S3:ArchiveBucket is set (they are added first); otherwise read the data folder's
        services.TryAddSingleton<IEventArchive>(sp => new FileEventArchive(Path.Combine(Path.GetFullPath(sp.GetRequiredService<DatasetBuilderOptions>().DataDirectory), "archive")));
        services.TryAddSingleton(sp => new BuilderDatabase(Path.Combine(sp.GetRequiredService<DatasetBuilderOptions>().BuildsDirectory, "builder.db")));
        services.TryAddSingleton<IRunPublisher>(sp =>
        {
            var options = sp.GetRequiredService<DatasetBuilderOptions>();
            return sp.GetRequiredService<PlatformMode>() == PlatformMode.Aws
                ? new AwsRunPublisher(sp.GetRequiredService<IDatasetStore>(), sp.GetRequiredService<PersonalizeControlPlane>(),
                    sp.GetRequiredService<RunLedger>(), options, sp.GetRequiredService<TimeProvider>())
                : new LocalRunPublisher(sp.GetRequiredService<IDatasetStore>(), sp.GetRequiredService<ModelPromotion>(),
                    sp.GetRequiredService<EngineOptions>(), sp.GetRequiredService<RunLedger>(), options, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new DatasetBuild(sp.GetRequiredService<BuilderDatabase>(), sp.GetRequiredService<RunLedger>(),
            sp.GetRequiredService<IEventArchive>(), sp.GetRequiredService<IProfileStore>(), sp.GetRequiredService<ITrackCatalog>(), sp.GetRequiredService<IRunPublisher>(),
            sp.GetRequiredService<DatasetBuilderOptions>(), sp.GetRequiredService<TimeProvider>()));
        services.AddHostedService<DailySchedule>();
        // in aws mode /readyz checks what readiness.json declares for the builder: its run ledger and its datasets bucket
        if (publishesToAws) services.AddSingleton(new ServiceRole("dataset-builder"));
        return services;
    }
}
