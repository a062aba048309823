using Amazon.Runtime;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Recommender.Adapters.Aws.Athena;
using Recommender.Adapters.Aws.Configuration;
using Recommender.Adapters.Aws.DynamoDb;
using Recommender.Adapters.Aws.Kinesis;
using Recommender.Adapters.Aws.Kms;
using Recommender.Adapters.Aws.Personalize;
using Recommender.Adapters.Aws.Protocol;
using Recommender.Adapters.Aws.S3;
using Recommender.Adapters.Aws.Sqs;
using Recommender.Core.Analytics;
using Recommender.Core.Archive;
using Recommender.Core.Builds;
using Recommender.Core.Catalog;
using Recommender.Core.Configuration;
using Recommender.Core.Consumers;
using Recommender.Core.Datasets;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Core.SpotifyLinks;
using Recommender.Core.Streaming;

namespace Recommender.Adapters.Aws;

public static class AwsAdapterServiceCollectionExtensions
{
    /// <summary>The run ledger's table (hash key run_id); the dataset builder requires it in aws mode and names it at start when absent.</summary>
    public const string RunsTableKey = "DatasetBuilder:Aws:RunsTableName";

    /// <summary>
    /// Puts the AWS adapters behind the ports: Kinesis (IEventStream, IStreamReader), DynamoDB (IProfileStore, ITrackCatalog,
    /// IDeadLetterStore for hosted loops, the dataset builder's RunLedger when <see cref="RunsTableKey"/> is set, an
    /// IAmazonDynamoDB client for tables registered as <see cref="DynamoDbTableRequirement"/>, and the hosted Spotify producer's
    /// ISpotifyLinkStore), S3 (IDatasetStore, and IEventArchive when Aws:S3:ArchiveBucket is set), Personalize (IInteractionTracker,
    /// IRecommender, <see cref="PersonalizeControlPlane"/>), KMS (ITokenCipher, the hosted producer's sealed Spotify tokens, when Aws:Kms:TokenKeyId is set),
    /// SQS (ISpotifyPollQueue, the producer's fan-out, when Aws:Sqs:SpotifyPollQueueUrl is set).
    /// Settings are checked at start for every adapter whose section (Aws:Kinesis, Aws:DynamoDb, Aws:S3) sets
    /// more than its ServiceUrl, and when first used otherwise; Personalize parts are checked when first used, as each service
    /// needs a different part, and so is KMS. Credentials come from the SDK's default chain unless an <see cref="AWSCredentials"/>
    /// is registered.
    /// </summary>
    public static IServiceCollection AddAwsAdapters(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions<AwsOptions>(configuration, AwsOptions.Section);
        services.AddValidatedOptions<KinesisOptions>(configuration, KinesisOptions.Section, Configures(configuration, KinesisOptions.Section));
        services.AddValidatedOptions<DynamoDbOptions>(configuration, DynamoDbOptions.Section, Configures(configuration, DynamoDbOptions.Section));
        services.AddValidatedOptions<S3Options>(configuration, S3Options.Section, Configures(configuration, S3Options.Section));
        services.AddValidatedOptions<PersonalizeOptions>(configuration, PersonalizeOptions.Section);
        services.AddValidatedOptions<KmsOptions>(configuration, KmsOptions.Section);
        services.AddValidatedOptions<SqsOptions>(configuration, SqsOptions.Section);
        services.AddValidatedOptions<AthenaOptions>(configuration, AthenaOptions.Section);

        services.TryAddSingleton(sp => sp.GetService<AWSCredentials>() is { } given ? new AwsCredentialSource(given) : AwsCredentialSource.FromDefaultChain());
        services.TryAddSingleton(sp => new AwsSdkClients(Options<AwsOptions>(sp), sp.GetRequiredService<AwsCredentialSource>(),
            sp.GetRequiredService<TimeProvider>()));

        AddKinesis(services, configuration);
        AddDynamoDb(services, configuration);
        AddS3(services, configuration);
        AddPersonalize(services);
        AddKms(services, configuration);
        AddSqs(services, configuration);
        AddAthena(services);
        services.AddHostedService(sp => new LocalPeerResources(sp, configuration));
        return services;
    }

    private static void AddKinesis(IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(sp =>
        {
            var aws = Options<AwsOptions>(sp);
            var kinesis = Options<KinesisOptions>(sp);
            return new KinesisApi(sp.GetRequiredService<AwsSdkClients>().JsonClient(KinesisApi.Endpoint(aws.ResolvedRegion, aws.ServiceUrlFor(kinesis.ServiceUrl))));
        });
        services.TryAddSingleton(sp => new ShardCheckpointTable(
            sp.GetRequiredService<AwsSdkClients>().DynamoDb(Options<AwsOptions>(sp).ServiceUrlFor(configuration[$"{DynamoDbOptions.Section}:ServiceUrl"])),
            Options<KinesisOptions>(sp).ResolvedCheckpointTableName, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventStream>(sp =>
        {
            var kinesis = Options<KinesisOptions>(sp);
            return new KinesisEventStream(sp.GetRequiredService<KinesisApi>(), kinesis.StreamName, kinesis.MaxPutAttempts,
                Options<AwsOptions>(sp).RetryBaseDelay, sp.GetRequiredService<ILogger<KinesisEventStream>>());
        });
        services.AddSingleton<IStreamReader>(sp => new KinesisStreamReader(sp.GetRequiredService<KinesisApi>(),
            sp.GetRequiredService<ShardCheckpointTable>(), Options<KinesisOptions>(sp).StreamName, sp.GetRequiredService<TimeProvider>()));
    }

    private static void AddDynamoDb(IServiceCollection services, IConfiguration configuration)
    {
        // for components of our own with a table of their own (the dataset builder's run ledger): the profile table's endpoint,
        // without requiring the profile table's settings
        services.TryAddSingleton<Amazon.DynamoDBv2.IAmazonDynamoDB>(sp => sp.GetRequiredService<AwsSdkClients>().DynamoDb(
            Options<AwsOptions>(sp).ServiceUrlFor(configuration[$"{DynamoDbOptions.Section}:ServiceUrl"])));
        services.AddSingleton<IProfileStore>(sp =>
        {
            var options = Options<DynamoDbOptions>(sp);
            return new DynamoDbProfileStore(sp.GetRequiredService<AwsSdkClients>().DynamoDb(DynamoDbUrl(sp)), options.TableName,
                options.AppliedEventWindow, options.DeduplicationWindow, options.MaxConcurrentUsers, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new DynamoDbDeadLetterStore(sp.GetRequiredService<AwsSdkClients>().DynamoDb(DynamoDbUrl(sp)),
            Options<DynamoDbOptions>(sp).ResolvedDeadLetterTableName, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDeadLetterStore>(sp => sp.GetRequiredService<DynamoDbDeadLetterStore>());
        services.AddSingleton<ITrackCatalog>(sp => new DynamoDbTrackCatalog(sp.GetRequiredService<AwsSdkClients>().DynamoDb(DynamoDbUrl(sp)),
            Options<DynamoDbOptions>(sp).ResolvedCatalogTableName, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISpotifyLinkStore>(sp => new DynamoDbSpotifyLinkStore(sp.GetRequiredService<AwsSdkClients>().DynamoDb(DynamoDbUrl(sp)),
            Options<DynamoDbOptions>(sp).ResolvedSpotifyLinksTableName));
        // DynamoDB outlives the Lambda container and its /tmp, so a run resumes after a cold start
        if (configuration[RunsTableKey] is { Length: > 0 } runsTable)
        {
            services.AddSingleton(new DynamoDbTableRequirement(runsTable, DynamoDbRunLedger.KeyAttribute));
            services.AddSingleton<RunLedger>(sp => new DynamoDbRunLedger(sp.GetRequiredService<Amazon.DynamoDBv2.IAmazonDynamoDB>(), runsTable,
                sp.GetRequiredService<TimeProvider>()));
        }
    }

    private static void AddS3(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<IDatasetStore>(sp =>
        {
            var options = Options<S3Options>(sp);
            ValidatedOptions.ThrowIfAny<S3Options>(options.DatasetStoreProblems(), "S3 dataset store");
            var url = Options<AwsOptions>(sp).ServiceUrlFor(options.ServiceUrl);
            return new S3DatasetStore(sp.GetRequiredService<AwsSdkClients>().S3(url), options.DatasetsBucket, options.Prefix, chunkedUploads: url is null);
        });
        // Registered only with an archive bucket: without one there is no archive consumer (AddStreamConsumers checks).
        if (string.IsNullOrWhiteSpace(configuration[$"{S3Options.Section}:ArchiveBucket"])) return;
        services.AddSingleton<IEventArchive>(sp =>
        {
            var options = Options<S3Options>(sp);
            var url = Options<AwsOptions>(sp).ServiceUrlFor(options.ServiceUrl);
            return new S3EventArchive(sp.GetRequiredService<AwsSdkClients>().S3(url), options.ArchiveBucket!, options.ArchivePrefix,
                chunkedUploads: url is null, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<S3EventArchive>>());
        });
    }

    /// <summary>The listening reports' engine; its settings are checked when a report first runs (only the recommendations API runs them).</summary>
    private static void AddAthena(IServiceCollection services) =>
        services.AddSingleton<IAnalyticsEngine>(sp =>
        {
            var (aws, options) = (Options<AwsOptions>(sp), sp.GetRequiredService<IOptions<AthenaOptions>>().Value);
            ValidatedOptions.ThrowIfAny<AthenaOptions>(options.ReportProblems(), "Athena reports");
            var client = sp.GetRequiredService<AwsSdkClients>().JsonClient(AthenaAnalyticsEngine.Endpoint(aws.ResolvedRegion, aws.ServiceUrlFor(options.ServiceUrl)));
            return new AthenaAnalyticsEngine(client, new AthenaQuerySettings(options.WorkGroup!, options.Database!, options.QueryTimeout, options.PollInterval),
                sp.GetRequiredService<TimeProvider>());
        });

    private static void AddPersonalize(IServiceCollection services)
    {
        services.AddSingleton<IInteractionTracker>(sp =>
        {
            var (aws, options) = (Options<AwsOptions>(sp), sp.GetRequiredService<IOptions<PersonalizeOptions>>().Value);
            ValidatedOptions.ThrowIfAny<PersonalizeOptions>(options.TrackerProblems(), "Personalize event tracker");
            var client = sp.GetRequiredService<AwsSdkClients>().JsonClient(PersonalizeEndpoints.Events(aws.ResolvedRegion, aws.ServiceUrlFor(options.ServiceUrl)));
            return new PersonalizeEventTracker(client, options.TrackingId!);
        });
        services.AddSingleton<IRecommender>(sp =>
        {
            var (aws, options) = (Options<AwsOptions>(sp), sp.GetRequiredService<IOptions<PersonalizeOptions>>().Value);
            ValidatedOptions.ThrowIfAny<PersonalizeOptions>(options.RecommenderProblems(), "Personalize recommender");
            var client = sp.GetRequiredService<AwsSdkClients>().JsonClient(PersonalizeEndpoints.Runtime(aws.ResolvedRegion, aws.ServiceUrlFor(options.ServiceUrl)));
            var settings = new PersonalizeRecommenderSettings(options.CampaignArn!, options.RelatedItemsCampaignArn!,
                AwsOptions.FirstNonEmpty(options.RankingCampaignArn), AwsOptions.FirstNonEmpty(options.FilterArn));
            return new PersonalizeRecommender(client, settings, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp =>
        {
            var (aws, options) = (Options<AwsOptions>(sp), sp.GetRequiredService<IOptions<PersonalizeOptions>>().Value);
            ValidatedOptions.ThrowIfAny<PersonalizeOptions>(options.ControlPlaneProblems(), "Personalize control plane");
            var client = sp.GetRequiredService<AwsSdkClients>().JsonClient(PersonalizeEndpoints.ControlPlane(aws.ResolvedRegion, aws.ServiceUrlFor(options.ServiceUrl)));
            return new PersonalizeControlPlane(client, options.DatasetGroupArn!, options.RoleArn!,
                AwsOptions.FirstNonEmpty(options.SolutionArn), AwsOptions.FirstNonEmpty(options.RelatedItemsSolutionArn));
        });
    }

    /// <summary>Registered only with a key, so a host without one can tell it cannot keep Spotify tokens (and does not host the producer).</summary>
    private static void AddKms(IServiceCollection services, IConfiguration configuration)
    {
        if (string.IsNullOrWhiteSpace(configuration[$"{KmsOptions.Section}:{nameof(KmsOptions.TokenKeyId)}"])) return;
        services.AddSingleton<ITokenCipher>(sp =>
        {
            var (aws, options) = (Options<AwsOptions>(sp), sp.GetRequiredService<IOptions<KmsOptions>>().Value);
            var client = sp.GetRequiredService<AwsSdkClients>().JsonClient(KmsApi.Endpoint(aws.ResolvedRegion, aws.ServiceUrlFor(options.ServiceUrl)));
            return new KmsTokenCipher(new KmsApi(client), options.TokenKeyId!);
        });
    }

    /// <summary>
    /// The Lambda consumers' dead-letter queues named under Aws:Sqs:DeadLetterQueueUrls (each a <see cref="KinesisDeadLetterQueue"/>),
    /// and the hosted producer's fan-out queue, only when Aws:Sqs:SpotifyPollQueueUrl names one (the schedule's function).
    /// </summary>
    private static void AddSqs(IServiceCollection services, IConfiguration configuration)
    {
        foreach (var consumer in configuration.GetSection($"{SqsOptions.Section}:{nameof(SqsOptions.DeadLetterQueueUrls)}").GetChildren().Select(c => c.Key))
        {
            services.AddSingleton(sp =>
            {
                var (aws, options, kinesis) = (Options<AwsOptions>(sp), Options<SqsOptions>(sp), Options<KinesisOptions>(sp));
                return new KinesisDeadLetterQueue(consumer, options.DeadLetterQueueUrls[consumer], sp.GetRequiredService<AwsSdkClients>().Sqs(aws.ServiceUrlFor(options.ServiceUrl)),
                    new KinesisBatchReader(sp.GetRequiredService<KinesisApi>(), kinesis.StreamName, sp.GetRequiredService<TimeProvider>()), kinesis.StreamName,
                    options.RedriveVisibilityTimeout);
            });
        }
        if (string.IsNullOrWhiteSpace(configuration[$"{SqsOptions.Section}:{nameof(SqsOptions.SpotifyPollQueueUrl)}"])) return;
        services.AddSingleton<ISpotifyPollQueue>(sp =>
        {
            var options = Options<SqsOptions>(sp);
            return new SqsSpotifyPollQueue(sp.GetRequiredService<AwsSdkClients>().Sqs(Options<AwsOptions>(sp).ServiceUrlFor(options.ServiceUrl)), options.SpotifyPollQueueUrl!);
        });
    }

    /// <summary>An adapter is in use when its section sets more than an endpoint (the checkpoint table may share DynamoDB's).</summary>
    internal static bool Configures(IConfiguration configuration, string section) =>
        configuration.GetSection(section).GetChildren().Any(c => c.Key != "ServiceUrl" && (c.Value is not null || c.GetChildren().Any()));

    private static string? DynamoDbUrl(IServiceProvider sp) => Options<AwsOptions>(sp).ServiceUrlFor(Options<DynamoDbOptions>(sp).ServiceUrl);

    internal static T Options<T>(IServiceProvider sp) where T : class => sp.GetRequiredService<IOptions<T>>().Value;
}
