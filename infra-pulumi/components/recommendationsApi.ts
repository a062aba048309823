import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { DeploymentScope, PolicyStatement, allow, scopedArn } from "../iam";
import { parquetPrefix } from "./eventArchive";
import { ApiKeyAuthorizer, authorizedCallerEnvironment } from "./apiKeyAuthorizer";
import { LambdaHttpApi } from "./lambdaHttpApi";
import { ScopedFunction } from "./scopedFunction";

export interface RecommendationsApiArgs {
    namePrefix: string;
    artifactsDir: string;
    /** Where the function's zip is uploaded for Lambda to take. */
    artifactsBucket: pulumi.Input<string>;
    adapterLayerArn: pulumi.Input<string>;
    environment: Record<string, pulumi.Input<string>>;
    campaignArns: pulumi.Input<string>[];
    filterArn: pulumi.Input<string>;
    profileTableArn: pulumi.Input<string>;
    /** The track catalog, read to name the tracks of every answer and for GET /v1/tracks/{id}. */
    catalogTableArn: pulumi.Input<string>;
    /** The listening reports (GET /v1/stats, /v1/users/{id}/stats) run on Athena over the archive's Glue table. */
    analytics: {
        scope: DeploymentScope;
        archiveBucketArn: pulumi.Input<string>;
        resultsBucketArn: pulumi.Input<string>;
        workgroup: pulumi.Input<string>;
        database: pulumi.Input<string>;
        table: pulumi.Input<string>;
    };
    throttle: { rate: number; burst: number };
    logRetentionDays: number;
    /** The read-only calls of its /readyz checks (readinessPermissions of datasets/deployment/readiness.json). */
    readiness: PolicyStatement[];
}

/** The public routes of the Recommendations API service (the admin routes stay local-only). */
export const recommendationRoutes = [
    "GET /v1/recommendations",
    "POST /v1/rankings",
    "GET /v1/tracks/{trackId}/related",
    "GET /v1/users/{userId}/profile",
    "GET /v1/users/{userId}/history",
    "GET /v1/users/{userId}/stats",
    "GET /v1/stats",
];

/** Athena queries in the reports' workgroup: the Parquet it scans, the results it writes and reads back, the table's schema. */
function analyticsPermissions(a: RecommendationsApiArgs["analytics"]) {
    const glueArn = (resource: pulumi.Input<string>) => scopedArn(a.scope, "glue", resource);
    return [
        allow(["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution"],
            [scopedArn(a.scope, "athena", pulumi.interpolate`workgroup/${a.workgroup}`)], "QueryArchive"),
        allow(["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"], [
            glueArn("catalog"),
            glueArn(pulumi.interpolate`database/${a.database}`),
            glueArn(pulumi.interpolate`table/${a.database}/${a.table}`),
        ], "ReadArchiveSchema"),
        allow(["s3:ListBucket", "s3:GetBucketLocation"], [a.archiveBucketArn, a.resultsBucketArn], "Buckets"),
        allow(["s3:GetObject"], [pulumi.interpolate`${a.archiveBucketArn}/${parquetPrefix}*`], "ReadParquet"),
        allow(["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"], [pulumi.interpolate`${a.resultsBucketArn}/*`], "AthenaResults"),
    ];
}

/** GET /v1/recommendations and friends, served from the Personalize campaigns and the profile table. */
export class RecommendationsApi extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    readonly apiKeySecretArn: pulumi.Output<string>;

    constructor(name: string, args: RecommendationsApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:services:RecommendationsApi", name, {}, opts);
        const child = { parent: this };

        const fn = new ScopedFunction(`${name}-fn`, {
            functionName: `${args.namePrefix}-recommendations-api`,
            description: "Recommendations API: Personalize campaigns plus listener profiles",
            code: { kind: "webAdapter", zipPath: path.join(args.artifactsDir, "recommendations-api.zip"), artifactsBucket: args.artifactsBucket, adapterLayerArn: args.adapterLayerArn },
            environment: { ...args.environment, ...authorizedCallerEnvironment },
            permissions: [
                allow(["personalize:GetRecommendations", "personalize:GetPersonalizedRanking"],
                    [...args.campaignArns, args.filterArn, pulumi.interpolate`${args.filterArn}-*`], "Recommend"),
                allow(["dynamodb:GetItem", "dynamodb:Query"], [args.profileTableArn], "ReadProfiles"),
                allow(["dynamodb:GetItem", "dynamodb:BatchGetItem"], [args.catalogTableArn], "ReadCatalog"),
                ...analyticsPermissions(args.analytics),
                ...args.readiness,
            ],
            logRetentionDays: args.logRetentionDays,
            memorySize: 1024,
            timeoutSeconds: 29,
        }, child);

        const authorizer = new ApiKeyAuthorizer(`${name}-auth`, {
            namePrefix: args.namePrefix,
            audience: "clients",
            logRetentionDays: args.logRetentionDays,
        }, child);

        const api = new LambdaHttpApi(`${name}-http`, {
            apiName: `${args.namePrefix}-recommendations`,
            routes: recommendationRoutes,
            target: fn.function,
            authorizer,
            throttle: args.throttle,
            logRetentionDays: args.logRetentionDays,
        }, child);

        this.url = api.url;
        this.apiKeySecretArn = authorizer.secret.arn;
        this.registerOutputs({ url: this.url });
    }
}
