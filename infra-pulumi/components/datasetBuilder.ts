import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { DeploymentScope, PolicyStatement, allow, policyDocument, scopedArn, serviceTrust } from "../iam";
import { dailyCron } from "../settings";
import { consumerArchivePrefix, parquetPrefix } from "./eventArchive";
import { ScopedFunction } from "./scopedFunction";
import { eventsPath } from "./streamConsumers";

export interface DatasetBuilderArgs {
    namePrefix: string;
    scope: DeploymentScope;
    artifactsDir: string;
    /** Where the function's zip is uploaded for Lambda to take. */
    artifactsBucket: pulumi.Input<string>;
    adapterLayerArn: pulumi.Input<string>;
    environment: Record<string, pulumi.Input<string>>;
    schedule: { dailyAt: string; timezone: string; resumeEvery: string; exclusive: boolean; ephemeralStorageMb: number };
    archiveBucketArn: pulumi.Input<string>;
    athenaResultsBucketArn: pulumi.Input<string>;
    athenaWorkgroup: pulumi.Input<string>;
    archiveDatabase: pulumi.Input<string>;
    archiveTable: pulumi.Input<string>;
    datasetsBucketArn: pulumi.Input<string>;
    profileTableArn: pulumi.Input<string>;
    /** The track catalog, scanned into ITEMS so never-played tracks can be recommended. */
    catalogTableArn: pulumi.Input<string>;
    /** The run ledger: one item per run, read and advanced by every invocation. */
    runsTableArn: pulumi.Input<string>;
    personalize: {
        datasetGroupArn: pulumi.Input<string>;
        datasetArns: pulumi.Input<string>[];
        importJobArnPattern: pulumi.Input<string>;
        solutionArns: pulumi.Input<string>[];
        campaignArns: pulumi.Input<string>[];
        filterArn: pulumi.Input<string>;
        roleArn: pulumi.Input<string>;
    };
    logRetentionDays: number;
    /** The read-only calls of its /readyz checks (readinessPermissions of datasets/deployment/readiness.json). */
    readiness: PolicyStatement[];
}

/** What the schedules post to the builder (through the web adapter, at POST /events). */
/** The builder finds its trackers, jobs, versions, campaigns and filters by listing; these read names and states only. */
export const listActions = [
    "personalize:ListEventTrackers",
    "personalize:ListDatasetImportJobs",
    "personalize:ListSolutionVersions",
    "personalize:ListCampaigns",
    "personalize:ListFilters",
];

export const buildRequest = { action: "build" };
export const resumeRequest = { action: "resume" };

/**
 * The daily dataset builder as a Lambda function. Its own work (querying a day of archive, writing three
 * CSVs) fits in 15 minutes; the long parts (imports, training) run inside Personalize. Each step's state is
 * stored, so the "resume" schedule picks a run up where the last invocation stopped instead of paying for
 * a container to wait hours on training.
 */
export class DatasetBuilder extends pulumi.ComponentResource {
    readonly functionArn: pulumi.Output<string>;
    readonly dailySchedule: aws.scheduler.Schedule;

    constructor(name: string, args: DatasetBuilderArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:services:DatasetBuilder", name, {}, opts);
        const child = { parent: this };
        const p = args.personalize;
        const objects = (bucketArn: pulumi.Input<string>) => pulumi.interpolate`${bucketArn}/*`;
        const glueArn = (resource: pulumi.Input<string>) => scopedArn(args.scope, "glue", resource);
        const solutionVersions = p.solutionArns.map(arn => pulumi.interpolate`${arn}/*`);

        const fn = new ScopedFunction(`${name}-fn`, {
            functionName: `${args.namePrefix}-dataset-builder`,
            description: "Daily dataset builder: archive + profiles to Personalize datasets, then retraining",
            code: {
                kind: "webAdapter",
                zipPath: path.join(args.artifactsDir, "dataset-builder.zip"),
                artifactsBucket: args.artifactsBucket,
                adapterLayerArn: args.adapterLayerArn,
                passThroughPath: eventsPath,
            },
            environment: args.environment,
            permissions: [
                allow(["s3:ListBucket", "s3:GetBucketLocation"], [args.athenaResultsBucketArn, args.datasetsBucketArn], "Buckets"),
                allow(["s3:GetBucketLocation"], [args.archiveBucketArn], "ArchiveBucket"),
                // the archive consumer's Parquet it reads (events/) and the Parquet Athena reads on its behalf (parquet/), nothing else of the bucket
                {
                    ...allow(["s3:ListBucket"], [args.archiveBucketArn], "ListArchive"),
                    Condition: { StringLike: { "s3:prefix": [`${consumerArchivePrefix}*`, `${parquetPrefix}*`] } },
                },
                allow(["s3:GetObject"], [pulumi.interpolate`${args.archiveBucketArn}/${consumerArchivePrefix}*`, pulumi.interpolate`${args.archiveBucketArn}/${parquetPrefix}*`], "ReadArchive"),
                allow(["s3:GetObject", "s3:PutObject", "s3:AbortMultipartUpload"], [objects(args.athenaResultsBucketArn)], "AthenaResults"),
                allow(["s3:GetObject", "s3:PutObject", "s3:DeleteObject"], [objects(args.datasetsBucketArn)], "WriteDatasets"),
                allow(["athena:StartQueryExecution", "athena:GetQueryExecution", "athena:GetQueryResults", "athena:StopQueryExecution"],
                    [scopedArn(args.scope, "athena", pulumi.interpolate`workgroup/${args.athenaWorkgroup}`)], "QueryArchive"),
                allow(["glue:GetDatabase", "glue:GetTable", "glue:GetPartitions"], [
                    glueArn("catalog"),
                    glueArn(pulumi.interpolate`database/${args.archiveDatabase}`),
                    glueArn(pulumi.interpolate`table/${args.archiveDatabase}/${args.archiveTable}`),
                ], "ReadArchiveSchema"),
                allow(["dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem"], [args.profileTableArn], "ReadProfiles"),
                allow(["dynamodb:Scan"], [args.catalogTableArn], "ReadCatalog"),
                // runs are never deleted by the builder
                allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:Scan"], [args.runsTableArn], "RunLedger"),
                allow(["personalize:DescribeDatasetGroup"], [p.datasetGroupArn], "DatasetGroup"),
                allow(["personalize:DescribeDataset", "personalize:CreateDatasetImportJob"], p.datasetArns, "Datasets"),
                allow(["personalize:CreateDatasetImportJob", "personalize:DescribeDatasetImportJob"], [p.importJobArnPattern], "ImportJobs"),
                allow(["personalize:DescribeSolution", "personalize:UpdateSolution", "personalize:CreateSolutionVersion"], p.solutionArns, "Solutions"),
                allow(["personalize:DescribeSolutionVersion", "personalize:GetSolutionMetrics", "personalize:CreateCampaign", "personalize:UpdateCampaign"],
                    solutionVersions, "SolutionVersions"),
                allow(["personalize:CreateCampaign", "personalize:UpdateCampaign", "personalize:DescribeCampaign"], p.campaignArns, "Campaigns"),
                // the exclusions filter and one per combination of includes ({filter}-genres, -artists, -genres-artists)
                allow(["personalize:CreateFilter", "personalize:DescribeFilter", "personalize:DeleteFilter"], [p.filterArn, pulumi.interpolate`${p.filterArn}-*`], "Filter"),
                // Personalize's List actions take no resource-level permission: a policy can grant them only on "*".
                allow(listActions, ["*"], "ListPersonalize"),
                ...args.readiness,
                {
                    Sid: "PassRoleToPersonalize",
                    Effect: "Allow",
                    Action: ["iam:PassRole"],
                    Resource: [p.roleArn],
                    Condition: { StringEquals: { "iam:PassedToService": "personalize.amazonaws.com" } },
                },
            ],
            logRetentionDays: args.logRetentionDays,
            memorySize: 3008,
            // the staging file and the CSVs live in /tmp: about 340 bytes per interaction read (docs/lambda-packages.md)
            ephemeralStorageMb: args.schedule.ephemeralStorageMb,
            timeoutSeconds: 900,
            // Runs never overlap; a second trigger waits and then finds the stored state.
            reservedConcurrency: args.schedule.exclusive ? 1 : undefined,
        }, child);
        this.functionArn = fn.function.arn;

        // A timed-out run is resumed by the next "resume" tick; Lambda's own retries would only overlap with it.
        new aws.lambda.FunctionEventInvokeConfig(`${name}-async`, {
            functionName: fn.function.name,
            maximumRetryAttempts: 0,
            maximumEventAgeInSeconds: 3600,
        }, child);

        const schedulerRole = new aws.iam.Role(`${name}-scheduler-role`, {
            description: "EventBridge Scheduler invoking the dataset builder",
            assumeRolePolicy: serviceTrust("scheduler.amazonaws.com", args.scope.accountId),
        }, child);
        new aws.iam.RolePolicy(`${name}-scheduler-invokes`, {
            role: schedulerRole.id,
            policy: policyDocument([allow(["lambda:InvokeFunction"], [fn.function.arn], "InvokeBuilder")]),
        }, child);

        const group = new aws.scheduler.ScheduleGroup(`${name}-schedules`, { name: `${args.namePrefix}-builder` }, child);
        const target = (input: object, retries: number) => ({
            arn: fn.function.arn,
            roleArn: schedulerRole.arn,
            input: JSON.stringify(input),
            retryPolicy: { maximumRetryAttempts: retries, maximumEventAgeInSeconds: 3600 },
        });

        this.dailySchedule = new aws.scheduler.Schedule(`${name}-daily`, {
            name: `${args.namePrefix}-daily-build`,
            groupName: group.name,
            description: `Builds the datasets and retrains daily at ${args.schedule.dailyAt} ${args.schedule.timezone}`,
            scheduleExpression: dailyCron(args.schedule.dailyAt),
            scheduleExpressionTimezone: args.schedule.timezone,
            flexibleTimeWindow: { mode: "OFF" },
            target: target(buildRequest, 2),
        }, child);

        new aws.scheduler.Schedule(`${name}-resume`, {
            name: `${args.namePrefix}-resume-build`,
            groupName: group.name,
            description: "Advances a build waiting on Personalize (imports, training); does nothing when none is in progress",
            scheduleExpression: `rate(${args.schedule.resumeEvery})`,
            flexibleTimeWindow: { mode: "OFF" },
            target: target(resumeRequest, 0),
        }, child);

        this.registerOutputs({ functionArn: this.functionArn });
    }
}
