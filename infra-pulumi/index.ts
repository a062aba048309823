import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { appEnvironment, builderEnvironment } from "./appConfiguration";
import { CatalogTable } from "./components/catalogTable";
import { CostBudget } from "./components/costBudget";
import { DatasetBuilder } from "./components/datasetBuilder";
import { EventArchive, archiveTableName, consumerArchivePrefix } from "./components/eventArchive";
import { EventStream } from "./components/eventStream";
import { Ingestion } from "./components/ingestion";
import { PersonalizeDatasets } from "./components/personalizeDatasets";
import { ProfileTable } from "./components/profileTable";
import { RecommendationsApi } from "./components/recommendationsApi";
import { RunsTable } from "./components/runsTable";
import { SecureBucket } from "./components/secureBucket";
import { SpotifyLinkApi } from "./components/spotifyLinkApi";
import { SpotifyProducer } from "./components/spotifyProducer";
import { StreamConsumers } from "./components/streamConsumers";
import { DeploymentScope, allow, scopedArn } from "./iam";
import { readinessPermissions } from "./readiness";
import { fromRepositoryRoot } from "./repoPaths";
import { checkProviderRegions, defaultAdapterLayerArn, readSettings } from "./settings";

const settings = readSettings(new pulumi.Config(), pulumi.getStack());
checkProviderRegions(new pulumi.Config("aws").get("region"), new pulumi.Config("aws-native").get("region"));
const prefix = settings.namePrefix;
const artifactsDir = fromRepositoryRoot(settings.lambdaArtifactsDir);
const region = aws.getRegionOutput().region;
const scope: DeploymentScope = {
    accountId: aws.getCallerIdentityOutput().accountId,
    partition: aws.getPartitionOutput().partition,
    region,
};
const adapterLayerArn = settings.lambdaAdapterLayerArn ?? region.apply(defaultAdapterLayerArn);
const logRetentionDays = settings.logRetentionDays;

const events = new EventStream("events", { streamName: `${prefix}-events`, ...settings.stream });
const profiles = new ProfileTable("profiles", { tableName: `${prefix}-profiles` });
const runs = new RunsTable("builder-runs", { tableName: `${prefix}-builder-runs` });
const catalog = new CatalogTable("catalog", { tableName: `${prefix}-catalog` });
const personalize = new PersonalizeDatasets("personalize", { namePrefix: prefix, scope });
const archive = new EventArchive("archive", {
    namePrefix: prefix,
    scope,
    streamArn: events.stream.arn,
    streamKeyArn: events.key.arn,
    ...settings.archive,
    logRetentionDays,
});

const environment = appEnvironment({
    streamName: events.stream.name,
    profileTableName: profiles.table.name,
    catalogTableName: catalog.table.name,
    datasetsBucketName: personalize.bucket.name,
    datasetGroupArn: personalize.datasetGroup.datasetGroupArn,
    personalizeRoleArn: personalize.role.arn,
    trackingId: personalize.eventTracker.trackingId,
    eventTrackerArn: personalize.eventTracker.eventTrackerArn,
    campaignArn: personalize.campaignArn,
    relatedItemsCampaignArn: personalize.relatedItemsCampaignArn,
    filterArn: personalize.filterArn,
    solutionArn: personalize.solution.solutionArn,
    relatedItemsSolutionArn: personalize.relatedItemsSolution.solutionArn,
    archiveBucketName: archive.bucket.name,
    athenaWorkgroup: archive.workgroup.name,
    archiveDatabase: archive.database.name,
});
// what each service's /readyz describes (datasets/deployment/readiness.json names them)
const dependencyArns = {
    "event-stream": events.stream.arn,
    "profile-table": profiles.table.arn,
    "catalog-table": catalog.table.arn,
    "archive-bucket": archive.bucket.arn,
    "recommendations-campaign": personalize.campaignArn,
    "related-items-campaign": personalize.relatedItemsCampaignArn,
    "event-tracker": personalize.eventTracker.eventTrackerArn,
    "runs-table": runs.table.arn,
    "datasets-bucket": personalize.bucket.arn,
    "athena-workgroup": scopedArn(scope, "athena", pulumi.interpolate`workgroup/${archive.workgroup.name}`),
};
// the functions' zips go through S3: a direct upload is limited to 50 MB
const lambdaArtifacts = new SecureBucket("lambda-artifacts", { forceDestroy: true });
const artifactsBucket = lambdaArtifacts.name;
const services = { namePrefix: prefix, artifactsDir, artifactsBucket, adapterLayerArn, environment, logRetentionDays };

const ingestion = new Ingestion("ingestion", {
    ...services,
    streamArn: events.stream.arn,
    streamKeyArn: events.key.arn,
    throttle: { rate: settings.ingestion.throttleRate, burst: settings.ingestion.throttleBurst },
    readiness: readinessPermissions("ingestion-api", dependencyArns),
});

const consumers = new StreamConsumers("consumers", {
    namePrefix: prefix,
    artifactsDir,
    artifactsBucket,
    adapterLayerArn,
    logRetentionDays,
    sinks: {
        trackingId: personalize.eventTracker.trackingId,
        eventTrackerArn: personalize.eventTracker.eventTrackerArn,
        profileTableName: profiles.table.name,
        catalogTableName: catalog.table.name,
        archiveBucketName: archive.bucket.name,
    },
    streamArn: events.stream.arn,
    streamKeyArn: events.key.arn,
    streamRetentionHours: settings.stream.retentionHours,
    accountId: scope.accountId,
    tuning: settings.consumers,
    alarmEmail: settings.alarmEmail,
    consumers: [
        {
            handler: "hot-path",
            description: "Hot path: feeds each event to the Personalize event tracker",
            sinkPermissions: [allow(["personalize:PutEvents"], [personalize.eventTracker.eventTrackerArn], "TrackEvents"),
                ...readinessPermissions("hot-path", dependencyArns)],
        },
        {
            handler: "profile-aggregator",
            description: "Profile aggregator: folds events into the listener's profile item",
            sinkPermissions: [allow(
                ["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem"],
                [profiles.table.arn], "WriteProfiles"),
                // event metadata fills the catalog's gaps (an UpdateItem with if_not_exists after a BatchGetItem); it never puts or deletes
                allow(["dynamodb:GetItem", "dynamodb:BatchGetItem", "dynamodb:UpdateItem"], [catalog.table.arn], "LearnCatalog"),
                ...readinessPermissions("profile-aggregator", dependencyArns)],
        },
        {
            handler: "archive",
            description: "Archive: writes each batch as a Parquet object under events/ of the archive bucket, for the dataset builder",
            sinkPermissions: [allow(["s3:PutObject"], [pulumi.interpolate`${archive.bucket.arn}/${consumerArchivePrefix}*`], "WriteArchive"),
                ...readinessPermissions("archive", dependencyArns)],
        },
    ],
});

const recommendations = new RecommendationsApi("recommendations", {
    ...services,
    campaignArns: [personalize.campaignArn, personalize.relatedItemsCampaignArn],
    filterArn: personalize.filterArn,
    profileTableArn: profiles.table.arn,
    catalogTableArn: catalog.table.arn,
    analytics: {
        scope,
        archiveBucketArn: archive.bucket.arn,
        resultsBucketArn: archive.resultsBucket.arn,
        workgroup: archive.workgroup.name,
        database: archive.database.name,
        table: archiveTableName,
    },
    throttle: { rate: settings.recommendations.throttleRate, burst: settings.recommendations.throttleBurst },
    readiness: readinessPermissions("recommendations-api", dependencyArns),
});

new DatasetBuilder("builder", {
    ...services,
    environment: {
        ...environment,
        ...builderEnvironment({
            interactionsDatasetArn: personalize.datasetArnOf.interactions,
            usersDatasetArn: personalize.datasetArnOf.users,
            itemsDatasetArn: personalize.datasetArnOf.items,
            solutionArn: personalize.solution.solutionArn,
            campaignArn: personalize.campaignArn,
            relatedItemsSolutionArn: personalize.relatedItemsSolution.solutionArn,
            relatedItemsCampaignArn: personalize.relatedItemsCampaignArn,
            filterArn: personalize.filterArn,
            runsTableName: runs.table.name,
        }),
    },
    scope,
    schedule: settings.builder,
    archiveBucketArn: archive.bucket.arn,
    athenaResultsBucketArn: archive.resultsBucket.arn,
    athenaWorkgroup: archive.workgroup.name,
    archiveDatabase: archive.database.name,
    archiveTable: archiveTableName,
    datasetsBucketArn: personalize.bucket.arn,
    profileTableArn: profiles.table.arn,
    catalogTableArn: catalog.table.arn,
    runsTableArn: runs.table.arn,
    readiness: readinessPermissions("dataset-builder", dependencyArns),
    personalize: {
        datasetGroupArn: personalize.datasetGroup.datasetGroupArn,
        datasetArns: personalize.datasetArns,
        importJobArnPattern: personalize.importJobArnPattern,
        solutionArns: [personalize.solution.solutionArn, personalize.relatedItemsSolution.solutionArn],
        campaignArns: [personalize.campaignArn, personalize.relatedItemsCampaignArn],
        filterArn: personalize.filterArn,
        roleArn: personalize.role.arn,
    },
});

const spotify = new SpotifyProducer("spotify", {
    ...services,
    scope,
    streamArn: events.stream.arn,
    streamKeyArn: events.key.arn,
    pollEvery: settings.spotify.pollEvery,
    pollerConcurrency: settings.spotify.pollerConcurrency,
    spotifyClientId: settings.spotify.clientId,
    alarmTopicArn: consumers.alarmTopic.arn,
});

const spotifyLinks = new SpotifyLinkApi("spotify-links", {
    namePrefix: prefix,
    artifactsDir,
    artifactsBucket,
    adapterLayerArn,
    authorizer: ingestion.authorizer,
    linksTable: spotify.linksTable,
    profileTableName: profiles.table.name,
    tokenKey: spotify.tokenKey,
    tokenKeyAlias: spotify.tokenKeyAlias.name,
    spotifyClientId: settings.spotify.clientId,
    throttle: { rate: settings.ingestion.throttleRate, burst: settings.ingestion.throttleBurst },
    logRetentionDays,
    readiness: readinessPermissions("spotify-links", {
        ...dependencyArns,
        "spotify-links-table": spotify.linksTable.arn,
        "spotify-token-key": spotify.tokenKey.arn,
    }),
});

const budget = new CostBudget("budget", {
    namePrefix: prefix,
    scope,
    amountUsd: settings.budgetUsd,
    alarmTopic: consumers.alarmTopic,
    alarmEmail: settings.alarmEmail,
});

export const ingestionApiUrl = ingestion.url;
export const ingestionApiKeySecretArn = ingestion.apiKeySecretArn;
export const recommendationsApiUrl = recommendations.url;
export const recommendationsApiKeySecretArn = recommendations.apiKeySecretArn;
export const streamName = events.stream.name;
export const profileTableName = profiles.table.name;
export const runsTableName = runs.table.name;
export const catalogTableName = catalog.table.name;
export const archiveBucketName = archive.bucket.name;
export const datasetsBucketName = personalize.bucket.name;
export const athenaResultsBucketName = archive.resultsBucket.name;
export const athenaWorkgroup = archive.workgroup.name;
export const archiveDatabase = archive.database.name;
export const datasetGroupArn = personalize.datasetGroup.datasetGroupArn;
export const eventTrackerArn = personalize.eventTracker.eventTrackerArn;
export const campaignArn = personalize.campaignArn;
export const relatedItemsCampaignArn = personalize.relatedItemsCampaignArn;
export const alarmTopicArn = consumers.alarmTopic.arn;
export const deadLetterQueueUrls = consumers.deadLetterQueueUrls;
export const spotifyPollQueueUrl = spotify.queue.url;
export const spotifyDeadLetterQueueUrl = spotify.deadLetterQueue.url;
export const spotifyLinksTableName = spotify.linksTable.name;
export const spotifyLinkApiUrl = spotifyLinks.url;
/** The redirect URI to register in the Spotify app (developer.spotify.com): the link API's callback route. */
export const spotifyRedirectUri = spotifyLinks.redirectUri;
export const monthlyBudgetName = budget.budget.name;
