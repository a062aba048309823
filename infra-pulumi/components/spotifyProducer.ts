import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { DeploymentScope, allow, policyDocument, serviceTrust } from "../iam";
import { ScopedFunction } from "./scopedFunction";
import { eventsPath } from "./streamConsumers";

export interface SpotifyProducerArgs {
    namePrefix: string;
    scope: DeploymentScope;
    artifactsDir: string;
    /** The bucket the functions' zips are uploaded to (Lambda takes large zips from S3 only). */
    artifactsBucket: pulumi.Input<string>;
    adapterLayerArn: pulumi.Input<string>;
    environment: Record<string, pulumi.Input<string>>;
    streamArn: pulumi.Input<string>;
    streamKeyArn: pulumi.Input<string>;
    /** EventBridge Scheduler rate of the polling rounds ("10 minutes"). */
    pollEvery: string;
    /** Polls running at once: Spotify rate-limits per app, so few. */
    pollerConcurrency: number;
    /** The platform's Spotify app (PKCE: no secret); unset, the functions answer that the producer is not configured. */
    spotifyClientId: string | undefined;
    alarmTopicArn: pulumi.Input<string>;
    logRetentionDays: number;
}

/** What the schedule posts to the fan-out function; Scheduler fills in the firing's time, the round's id. */
export const fanOutRequest = { action: "fan-out", scheduled_time: "<aws.scheduler.scheduled-time>" };

/** A poll message SQS gives up on after this many receives goes to the dead-letter queue. */
export const pollMaxReceiveCount = 3;

const pollerTimeoutSeconds = 60;

/**
 * The hosted Spotify producer on AWS: linked accounts in a DynamoDB table (TTL on pending connects), their tokens sealed
 * by a KMS key of their own (encryption context: the user), a schedule firing the fan-out function, which puts one SQS
 * FIFO message per due account, and the poller function that Lambda hands those messages (partial batch failures; after
 * three receives a message goes to the dead-letter queue). Alarms on the dead-letter queue and on either function's errors.
 */
export class SpotifyProducer extends pulumi.ComponentResource {
    readonly linksTable: aws.dynamodb.Table;
    readonly tokenKey: aws.kms.Key;
    readonly tokenKeyAlias: aws.kms.Alias;
    readonly queue: aws.sqs.Queue;
    readonly deadLetterQueue: aws.sqs.Queue;
    readonly schedule: aws.scheduler.Schedule;

    constructor(name: string, args: SpotifyProducerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:services:SpotifyProducer", name, {}, opts);
        const child = { parent: this };
        const prefix = args.namePrefix;

        this.linksTable = new aws.dynamodb.Table(`${name}-links`, {
            name: `${prefix}-spotify-links`,
            billingMode: "PAY_PER_REQUEST",
            hashKey: "pk",
            attributes: [{ name: "pk", type: "S" }],
            // pending connects carry expires_at (epoch seconds): DynamoDB deletes the ones never called back
            ttl: { attributeName: "expires_at", enabled: true },
            pointInTimeRecovery: { enabled: true },
            serverSideEncryption: { enabled: true },
        }, child);

        this.tokenKey = new aws.kms.Key(`${name}-tokens`, {
            description: "Seals linked listeners' Spotify tokens (encryption context: purpose and user_id)",
            enableKeyRotation: true,
            deletionWindowInDays: 30,
        }, child);
        const alias = this.tokenKeyAlias = new aws.kms.Alias(`${name}-tokens-alias`, { name: `alias/${prefix}-spotify-tokens`, targetKeyId: this.tokenKey.keyId }, child);

        this.deadLetterQueue = new aws.sqs.Queue(`${name}-polls-dlq`, {
            name: `${prefix}-spotify-polls-dlq.fifo`,
            fifoQueue: true,
            sqsManagedSseEnabled: true,
            messageRetentionSeconds: 14 * 24 * 3600,
        }, child);
        this.queue = new aws.sqs.Queue(`${name}-polls`, {
            name: `${prefix}-spotify-polls.fifo`,
            fifoQueue: true,
            sqsManagedSseEnabled: true,
            // AWS's advice for a Lambda source: at least six times the function's timeout
            visibilityTimeoutSeconds: 6 * pollerTimeoutSeconds,
            messageRetentionSeconds: 3600,
            redrivePolicy: pulumi.jsonStringify({ deadLetterTargetArn: this.deadLetterQueue.arn, maxReceiveCount: pollMaxReceiveCount }),
        }, child);

        const environment: Record<string, pulumi.Input<string>> = {
            ...args.environment,
            Aws__DynamoDb__SpotifyLinksTableName: this.linksTable.name,
            Aws__Kms__TokenKeyId: alias.name,
            Aws__Sqs__SpotifyPollQueueUrl: this.queue.url,
            SpotifyProducer__HostedLoop: "false",
            ...(args.spotifyClientId ? { SpotifyProducer__ClientId: args.spotifyClientId } : {}),
        };
        const code = {
            kind: "webAdapter" as const,
            zipPath: path.join(args.artifactsDir, "spotify-producer.zip"),
            artifactsBucket: args.artifactsBucket,
            adapterLayerArn: args.adapterLayerArn,
            passThroughPath: eventsPath,
        };

        const fanOut = new ScopedFunction(`${name}-fan-out`, {
            functionName: `${prefix}-spotify-fan-out`,
            description: "Spotify polling round: one SQS message per linked account that is due",
            code,
            environment,
            permissions: [
                // lists the links; never reads a token
                allow(["dynamodb:Scan"], [this.linksTable.arn], "ListLinks"),
                allow(["sqs:SendMessage"], [this.queue.arn], "EnqueuePolls"),
            ],
            logRetentionDays: args.logRetentionDays,
            memorySize: 512,
            timeoutSeconds: 60,
        }, child);

        const poller = new ScopedFunction(`${name}-poller`, {
            functionName: `${prefix}-spotify-poller`,
            description: "Polls one linked account's recently-played and puts the plays on the event stream",
            code,
            environment,
            permissions: [
                allow(["dynamodb:GetItem", "dynamodb:PutItem"], [this.linksTable.arn], "ReadAndUpdateLinks"),
                {
                    ...allow(["kms:Encrypt", "kms:Decrypt"], [this.tokenKey.arn], "SealTokens"),
                    Condition: { StringEquals: { "kms:EncryptionContext:purpose": "spotify-tokens" } },
                },
                allow(["kinesis:PutRecords", "kinesis:DescribeStreamSummary"], [args.streamArn], "AppendPlays"),
                allow(["kms:GenerateDataKey"], [args.streamKeyArn], "EncryptPlays"),
                allow(["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:ChangeMessageVisibility", "sqs:GetQueueAttributes"], [this.queue.arn], "TakePolls"),
            ],
            logRetentionDays: args.logRetentionDays,
            memorySize: 1024,
            timeoutSeconds: pollerTimeoutSeconds,
        }, child);

        new aws.lambda.EventSourceMapping(`${name}-poller-mapping`, {
            eventSourceArn: this.queue.arn,
            functionName: poller.function.name,
            batchSize: 10,
            functionResponseTypes: ["ReportBatchItemFailures"],
            scalingConfig: { maximumConcurrency: args.pollerConcurrency },
        }, { parent: this, dependsOn: [poller.rolePolicy] });

        const schedulerRole = new aws.iam.Role(`${name}-scheduler-role`, {
            description: "EventBridge Scheduler starting the Spotify polling rounds",
            assumeRolePolicy: serviceTrust("scheduler.amazonaws.com", args.scope.accountId),
        }, child);
        new aws.iam.RolePolicy(`${name}-scheduler-invokes`, {
            role: schedulerRole.id,
            policy: policyDocument([allow(["lambda:InvokeFunction"], [fanOut.function.arn], "InvokeFanOut")]),
        }, child);
        this.schedule = new aws.scheduler.Schedule(`${name}-rounds`, {
            name: `${prefix}-spotify-rounds`,
            description: `Polls every linked Spotify account every ${args.pollEvery}`,
            scheduleExpression: `rate(${args.pollEvery})`,
            flexibleTimeWindow: { mode: "OFF" },
            target: {
                arn: fanOut.function.arn,
                roleArn: schedulerRole.arn,
                input: JSON.stringify(fanOutRequest),
                // a retried firing carries the same scheduled time: SQS de-duplicates its messages
                retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 600 },
            },
        }, child);

        const alarm = (id: string, alarmName: string, description: string, metric: Partial<aws.cloudwatch.MetricAlarmArgs>) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${id}`, {
                name: alarmName,
                alarmDescription: description,
                statistic: "Sum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [args.alarmTopicArn],
                okActions: [args.alarmTopicArn],
                ...metric,
            } as aws.cloudwatch.MetricAlarmArgs, child);
        alarm("dlq-depth", `${prefix}-spotify-dead-letters`, `Spotify polls gave up after ${pollMaxReceiveCount} tries: see ${prefix}-spotify-polls-dlq.fifo`, {
            namespace: "AWS/SQS",
            metricName: "ApproximateNumberOfMessagesVisible",
            dimensions: { QueueName: this.deadLetterQueue.name },
            statistic: "Maximum",
        });
        alarm("poller-errors", `${prefix}-spotify-poller-errors`, "The Spotify poller function failed invocations", {
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: poller.function.name },
        });
        alarm("fan-out-errors", `${prefix}-spotify-fan-out-errors`, "A Spotify polling round could not fan out", {
            namespace: "AWS/Lambda",
            metricName: "Errors",
            dimensions: { FunctionName: fanOut.function.name },
        });

        this.registerOutputs({ queueUrl: this.queue.url, deadLetterQueueUrl: this.deadLetterQueue.url, linksTable: this.linksTable.name });
    }
}
