import * as pulumi from "@pulumi/pulumi";
import { consumerArchivePrefix } from "./components/eventArchive";
import { readRepositoryJson } from "./repoPaths";

/** What the services need to know about the deployment; the README documents the resulting variables. */
export interface AppResources {
    streamName: pulumi.Input<string>;
    profileTableName: pulumi.Input<string>;
    catalogTableName: pulumi.Input<string>;
    datasetsBucketName: pulumi.Input<string>;
    datasetGroupArn: pulumi.Input<string>;
    personalizeRoleArn: pulumi.Input<string>;
    trackingId: pulumi.Input<string>;
    eventTrackerArn: pulumi.Input<string>;
    campaignArn: pulumi.Input<string>;
    relatedItemsCampaignArn: pulumi.Input<string>;
    filterArn: pulumi.Input<string>;
    solutionArn: pulumi.Input<string>;
    relatedItemsSolutionArn: pulumi.Input<string>;
    archiveBucketName: pulumi.Input<string>;
    athenaWorkgroup: pulumi.Input<string>;
    archiveDatabase: pulumi.Input<string>;
}

/**
 * ASP.NET Core configuration as environment variables ('__' separates sections). Every function gets
 * the same set, so options validation at start behaves alike everywhere; the roles limit what each may do.
 */
export function appEnvironment(r: AppResources): Record<string, pulumi.Input<string>> {
    return {
        Recommender__Mode: "Aws",
        Aws__Kinesis__StreamName: r.streamName,
        Aws__DynamoDb__TableName: r.profileTableName,
        Aws__DynamoDb__CatalogTableName: r.catalogTableName,
        Aws__S3__DatasetsBucket: r.datasetsBucketName,
        Aws__Personalize__DatasetGroupArn: r.datasetGroupArn,
        Aws__Personalize__RoleArn: r.personalizeRoleArn,
        Aws__Personalize__TrackingId: r.trackingId,
        // what the hot path's /readyz describes, in any host that runs the hot path with these settings (the all-in-one on AWS)
        Aws__Personalize__EventTrackerArn: r.eventTrackerArn,
        Aws__Personalize__CampaignArn: r.campaignArn,
        Aws__Personalize__RelatedItemsCampaignArn: r.relatedItemsCampaignArn,
        Aws__Personalize__FilterArn: r.filterArn,
        Aws__Personalize__SolutionArn: r.solutionArn,
        Aws__Personalize__RelatedItemsSolutionArn: r.relatedItemsSolutionArn,
        // the archive consumer's Parquet (IEventArchive) goes under events/ of the bucket Firehose writes Parquet to under parquet/
        Aws__S3__ArchiveBucket: r.archiveBucketName,
        Aws__S3__ArchivePrefix: consumerArchivePrefix,
        Aws__Athena__WorkGroup: r.athenaWorkgroup,
        Aws__Athena__Database: r.archiveDatabase,
    };
}

/** What a consumer function's settings name: its own sink, nothing else. */
export interface ConsumerResources {
    trackingId: pulumi.Input<string>;
    eventTrackerArn: pulumi.Input<string>;
    profileTableName: pulumi.Input<string>;
    catalogTableName: pulumi.Input<string>;
    archiveBucketName: pulumi.Input<string>;
}

export type ConsumerName = "hot-path" | "profile-aggregator" | "archive";

interface ConsumerEnvironmentDefinition {
    webAdapter: Record<string, string>;
    shared: Record<string, string>;
    consumers: Record<ConsumerName, Record<string, string>>;
}

/** datasets/deployment/consumer-environment.json, which StreamConsumers.Tests also reads to boot each consumer as deployed. */
export const consumerEnvironmentFile = "datasets/deployment/consumer-environment.json";

/**
 * A consumer function's whole environment, exactly as the shared definition gives it: the Web Adapter's settings (Kinesis
 * batches at the pass-through path, 5xx failing the invocation so Lambda retries), Aws mode, Consumers__Enabled and its own
 * sink's settings only, the ${placeholders} filled from the resources.
 */
export function consumerEnvironment(consumer: ConsumerName, r: ConsumerResources): Record<string, pulumi.Input<string>> {
    const definition = readRepositoryJson(consumerEnvironmentFile) as ConsumerEnvironmentDefinition;
    return filledEnvironment(consumerEnvironmentFile, { ...definition.webAdapter, ...definition.shared, ...definition.consumers[consumer] }, {
        trackingId: r.trackingId,
        eventTrackerArn: r.eventTrackerArn,
        profileTableName: r.profileTableName,
        catalogTableName: r.catalogTableName,
        archiveBucketName: r.archiveBucketName,
        archivePrefix: consumerArchivePrefix,
    });
}

/** What the Spotify link function's settings name (datasets/deployment/spotify-link-environment.json). */
export interface SpotifyLinkResources {
    linksTableName: pulumi.Input<string>;
    profileTableName: pulumi.Input<string>;
    tokenKeyId: pulumi.Input<string>;
    /** The public URL of the callback route, sent to Spotify as redirect_uri. */
    redirectUri: pulumi.Input<string>;
}

/** datasets/deployment/spotify-link-environment.json, which SpotifyProducer.Tests also reads to boot the link function as deployed. */
export const spotifyLinkEnvironmentFile = "datasets/deployment/spotify-link-environment.json";

/** The Spotify link function's whole environment, exactly as the shared definition gives it, the ${placeholders} filled. */
export function spotifyLinkEnvironment(r: SpotifyLinkResources): Record<string, pulumi.Input<string>> {
    const definition = readRepositoryJson(spotifyLinkEnvironmentFile) as { webAdapter: Record<string, string>; function: Record<string, string> };
    return filledEnvironment(spotifyLinkEnvironmentFile, { ...definition.webAdapter, ...definition.function }, { ...r });
}

/** Fills each ${name} of the templates from the values; a name the program does not fill is an error, not an empty setting. */
function filledEnvironment(file: string, templates: Record<string, string>, values: Record<string, pulumi.Input<string>>): Record<string, pulumi.Input<string>> {
    const environment: Record<string, pulumi.Input<string>> = {};
    for (const [key, template] of Object.entries(templates)) {
        const names = [...template.matchAll(/\$\{([A-Za-z]+)\}/g)].map(m => m[1]);
        for (const name of names) {
            if (!(name in values)) {
                throw new Error(`${file}: ${key} uses \${${name}}, which the program does not fill`);
            }
        }
        environment[key] = names.length === 0
            ? template
            : pulumi.all(names.map(n => values[n])).apply(filled =>
                names.reduce((text, n, i) => text.split(`\${${n}}`).join(filled[i]), template));
    }
    return environment;
}

/** The builder's own settings (section DatasetBuilder:Aws); datasets/deployment/builder-environment.json lists the keys it requires. */
export interface BuilderResources {
    interactionsDatasetArn: pulumi.Input<string>;
    usersDatasetArn: pulumi.Input<string>;
    itemsDatasetArn: pulumi.Input<string>;
    solutionArn: pulumi.Input<string>;
    campaignArn: pulumi.Input<string>;
    relatedItemsSolutionArn: pulumi.Input<string>;
    relatedItemsCampaignArn: pulumi.Input<string>;
    filterArn: pulumi.Input<string>;
    runsTableName: pulumi.Input<string>;
}

export const builderDataDirectory = "/tmp/recommender-data";
export const builderWaitTimeout = "00:10:00";
/** A run's lease outlasts any invocation (Lambda stops the builder at 15 minutes), so two never work on one run. */
export const builderLease = "00:16:00";

export function builderEnvironment(r: BuilderResources): Record<string, pulumi.Input<string>> {
    return {
        // Lambda's only writable folder; the builder keeps its SQLite staging under it (the run ledger is in DynamoDB, below)
        Recommender__DataDirectory: builderDataDirectory,
        // wait on Personalize at most this long per invocation (Lambda stops at 15 minutes); the resume tick carries on
        DatasetBuilder__Aws__WaitTimeout: builderWaitTimeout,
        // the lease in the run ledger; a crashed invocation's run is taken over by the first resume tick after it ends
        DatasetBuilder__Lease: builderLease,
        // each run reads what came after the last published run's watermark (kept in the run ledger) and adds it; FULL would
        // re-read the whole archive on every cold start, and no one keeps a Lambda container warm for a day
        DatasetBuilder__Aws__ImportMode: "INCREMENTAL",
        DatasetBuilder__Aws__InteractionsDatasetArn: r.interactionsDatasetArn,
        DatasetBuilder__Aws__UsersDatasetArn: r.usersDatasetArn,
        DatasetBuilder__Aws__ItemsDatasetArn: r.itemsDatasetArn,
        DatasetBuilder__Aws__SolutionArn: r.solutionArn,
        DatasetBuilder__Aws__CampaignArn: r.campaignArn,
        DatasetBuilder__Aws__RelatedItemsSolutionArn: r.relatedItemsSolutionArn,
        DatasetBuilder__Aws__RelatedItemsCampaignArn: r.relatedItemsCampaignArn,
        DatasetBuilder__Aws__FilterArn: r.filterArn,
        // the run ledger (hash key run_id), so a run survives a cold start that empties /tmp
        DatasetBuilder__Aws__RunsTableName: r.runsTableName,
    };
}
