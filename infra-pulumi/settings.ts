// Stack configuration with its defaults in one place; the README's table is written from this file.

export type StreamMode = "ON_DEMAND" | "PROVISIONED";

export interface PlatformSettings {
    namePrefix: string;
    lambdaArtifactsDir: string;
    /** Undefined means the default pattern for the deployment region (see defaultAdapterLayerArn). */
    lambdaAdapterLayerArn: string | undefined;
    logRetentionDays: number;
    stream: { mode: StreamMode; shardCount: number; retentionHours: number };
    consumers: {
        batchSize: number;
        batchingWindowSeconds: number;
        parallelizationFactor: number;
        maxRetries: number;
        maxRecordAgeSeconds: number;
        iteratorAgeAlarmMs: number;
    };
    archive: { glacierAfterDays: number; bufferSeconds: number; bufferMb: number; athenaResultsExpireDays: number };
    builder: { dailyAt: string; timezone: string; resumeEvery: string; exclusive: boolean; ephemeralStorageMb: number };
    ingestion: { throttleRate: number; throttleBurst: number };
    recommendations: { throttleRate: number; throttleBurst: number };
    spotify: { pollEvery: string; pollerConcurrency: number; clientId: string | undefined };
    /** The account's monthly AWS Budgets cost budget, in USD. */
    budgetUsd: number;
    alarmEmail: string | undefined;
}

export interface ConfigSource {
    get(key: string): string | undefined;
}

/** The layer version of Lambda Web Adapter 1.x (GA), as its README names it for zip packages. */
export const adapterLayerVersion = 30;

/** The Lambda Web Adapter layer published by AWS for x86_64, version pinned. */
export function defaultAdapterLayerArn(region: string): string {
    return `arn:aws:lambda:${region}:753240598075:layer:LambdaAdapterLayerX86:${adapterLayerVersion}`;
}

export function readSettings(config: ConfigSource, stack: string): PlatformSettings {
    const text = (key: string, fallback: string) => config.get(key) ?? fallback;
    const int = (key: string, fallback: number, min: number, max: number): number => {
        const raw = config.get(key);
        if (raw === undefined) {
            return fallback;
        }
        const value = Number(raw);
        if (!Number.isInteger(value) || value < min || value > max) {
            throw new Error(`config ${key}=${raw}: expected an integer from ${min} to ${max}`);
        }
        return value;
    };

    const bool = (key: string, fallback: boolean): boolean => {
        const raw = config.get(key);
        if (raw === undefined) {
            return fallback;
        }
        if (raw !== "true" && raw !== "false") {
            throw new Error(`config ${key}=${raw}: expected true or false`);
        }
        return raw === "true";
    };

    const namePrefix = text("namePrefix", `recommender-${stack}`);
    if (!/^[a-z][a-z0-9-]{0,29}$/.test(namePrefix)) {
        // Bucket, Glue and Personalize names derive from it, and they share the strictest rules.
        throw new Error(`config namePrefix=${namePrefix}: expected lowercase letters, digits and '-', starting with a letter, at most 30 characters`);
    }
    const mode = text("streamMode", "ON_DEMAND");
    if (mode !== "ON_DEMAND" && mode !== "PROVISIONED") {
        throw new Error(`config streamMode=${mode}: expected ON_DEMAND or PROVISIONED`);
    }
    const dailyAt = text("builderDailyAt", "03:00");
    if (!/^([01]\d|2[0-3]):[0-5]\d$/.test(dailyAt)) {
        throw new Error(`config builderDailyAt=${dailyAt}: expected HH:MM (24-hour)`);
    }
    const resumeEvery = text("builderResumeEvery", "15 minutes");
    if (!/^([1-9]\d*) (minute|minutes|hour|hours)$/.test(resumeEvery)) {
        throw new Error(`config builderResumeEvery=${resumeEvery}: expected a rate such as '15 minutes' or '1 hour'`);
    }
    const spotifyPollEvery = text("spotifyPollEvery", "10 minutes");
    if (!/^([1-9]\d*) (minute|minutes|hour|hours)$/.test(spotifyPollEvery)) {
        throw new Error(`config spotifyPollEvery=${spotifyPollEvery}: expected a rate such as '10 minutes' or '1 hour'`);
    }

    return {
        namePrefix,
        lambdaArtifactsDir: text("lambdaArtifactsDir", "artifacts/lambda"),
        lambdaAdapterLayerArn: config.get("lambdaAdapterLayerArn"),
        logRetentionDays: int("logRetentionDays", 14, 1, 3653),
        stream: {
            mode,
            shardCount: int("streamShardCount", 2, 1, 500),
            retentionHours: int("streamRetentionHours", 24, 24, 8760),
        },
        consumers: {
            batchSize: int("consumerBatchSize", 100, 1, 10000),
            batchingWindowSeconds: int("consumerBatchingWindowSeconds", 1, 0, 300),
            parallelizationFactor: int("consumerParallelizationFactor", 2, 1, 10),
            // Finite on purpose: a poison record must reach the dead-letter queue, not block its shard.
            maxRetries: int("consumerMaxRetries", 5, 0, 10000),
            maxRecordAgeSeconds: int("consumerMaxRecordAgeSeconds", 3600, 60, 604800),
            iteratorAgeAlarmMs: int("iteratorAgeAlarmMs", 60000, 1000, 86400000),
        },
        archive: {
            // the builder reads the partitions since its last published run and skips archived ones: a week covers a stalled build
            glacierAfterDays: int("archiveGlacierDays", 90, 7, 36500),
            // Firehose needs at least 64 MiB buffers when it converts records to Parquet.
            bufferSeconds: int("archiveBufferSeconds", 300, 60, 900),
            bufferMb: int("archiveBufferMb", 128, 64, 128),
            athenaResultsExpireDays: int("athenaResultsExpireDays", 30, 1, 3650),
        },
        builder: {
            dailyAt,
            timezone: text("builderTimezone", "UTC"),
            resumeEvery,
            // Reserving concurrency needs a Lambda quota above 100; accounts still on the starting quota of 10 set false.
            exclusive: bool("builderExclusive", true),
            // /tmp holds the staging file and the CSVs of what a run reads; Lambda allows 512 to 10,240 MB
            ephemeralStorageMb: int("builderEphemeralStorageMb", 10240, 512, 10240),
        },
        ingestion: {
            throttleRate: int("ingestionThrottleRate", 1000, 1, 1000000),
            throttleBurst: int("ingestionThrottleBurst", 2000, 1, 1000000),
        },
        recommendations: {
            throttleRate: int("recommendationsThrottleRate", 2000, 1, 1000000),
            throttleBurst: int("recommendationsThrottleBurst", 4000, 1, 1000000),
        },
        spotify: {
            pollEvery: spotifyPollEvery,
            // Lambda's SQS scaling needs at least 2; Spotify rate-limits per app, so few at once
            pollerConcurrency: int("spotifyPollerConcurrency", 2, 2, 1000),
            clientId: config.get("spotifyClientId"),
        },
        budgetUsd: int("budgetUsd", 20, 1, 1000000),
        alarmEmail: config.get("alarmEmail"),
    };
}

/** EventBridge Scheduler expression for once a day at HH:MM. */
export function dailyCron(dailyAt: string): string {
    const [hour, minute] = dailyAt.split(":").map(Number);
    return `cron(${minute} ${hour} * * ? *)`;
}

/** Both providers must deploy to one region, or the Personalize resources land apart from the rest. */
export function checkProviderRegions(awsRegion: string | undefined, nativeRegion: string | undefined): void {
    if (awsRegion !== undefined && nativeRegion !== undefined && awsRegion !== nativeRegion) {
        throw new Error(`config aws:region=${awsRegion} and aws-native:region=${nativeRegion} differ: set both to the same region`);
    }
}
