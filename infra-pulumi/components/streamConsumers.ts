import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { ConsumerName, ConsumerResources, consumerEnvironment } from "../appConfiguration";
import { PolicyStatement, allow, policyDocument } from "../iam";
import { PlatformSettings } from "../settings";
import { ScopedFunction } from "./scopedFunction";

/** One consumer of the stream: its handler (selected in the shared zip by Consumers__Enabled) and its sink's permissions. */
export interface ConsumerSpec {
    handler: ConsumerName;
    description: string;
    sinkPermissions: PolicyStatement[];
}

export interface StreamConsumersArgs {
    namePrefix: string;
    artifactsDir: string;
    /** Where the function's zip is uploaded for Lambda to take. */
    artifactsBucket: pulumi.Input<string>;
    adapterLayerArn: pulumi.Input<string>;
    /** Each function's environment comes from datasets/deployment/consumer-environment.json: its own sink's settings only. */
    sinks: ConsumerResources;
    streamArn: pulumi.Input<string>;
    streamKeyArn: pulumi.Input<string>;
    /** How long the stream keeps a record: the dead-letter queues keep their messages no longer than their records live. */
    streamRetentionHours: number;
    /** Who may assume the redrive roles (the account's root: its IAM policies then say which people). */
    accountId: pulumi.Input<string>;
    consumers: ConsumerSpec[];
    tuning: PlatformSettings["consumers"];
    alarmEmail: string | undefined;
    logRetentionDays: number;
}

/** Path the Lambda Web Adapter posts non-HTTP events (the Kinesis batches) to. */
export const eventsPath = "/events";

/** SQS keeps a message 60 s to 14 days. */
const maxQueueRetentionSeconds = 14 * 24 * 3600;

/**
 * How long a dead-letter queue may keep a message: its records must still be on the stream when it is redriven. Lambda
 * sends a batch there at most maxRecordAge after its first record arrived, and the stream keeps that record for its
 * retention from arrival, so the queue keeps it for at most the difference (the redrive does not read the archive:
 * docs/reliability.md says why).
 */
export function deadLetterRetentionSeconds(streamRetentionHours: number, maxRecordAgeSeconds: number): number {
    const seconds = Math.min(maxQueueRetentionSeconds, streamRetentionHours * 3600 - maxRecordAgeSeconds);
    if (seconds < 3600) {
        throw new Error(`consumerMaxRecordAgeSeconds=${maxRecordAgeSeconds} leaves dead letters less than an hour before the stream ` +
            `(streamRetentionHours=${streamRetentionHours}) drops their records: raise streamRetentionHours or lower consumerMaxRecordAgeSeconds`);
    }
    return seconds;
}

/** Lambda consumers of the event stream, each with its own role, dead-letter queue, redrive role and alarms. */
export class StreamConsumers extends pulumi.ComponentResource {
    readonly alarmTopic: aws.sns.Topic;
    readonly deadLetterQueueUrls: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: StreamConsumersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:services:StreamConsumers", name, {}, opts);
        const child = { parent: this };
        const tuning = args.tuning;
        const queueRetentionSeconds = deadLetterRetentionSeconds(args.streamRetentionHours, tuning.maxRecordAgeSeconds);
        const readStream = [
            allow(["kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"], [args.streamArn], "ReadStream"),
            allow(["kms:Decrypt"], [args.streamKeyArn], "DecryptStream"),
        ];

        this.alarmTopic = new aws.sns.Topic(`${name}-alarms`, { name: `${args.namePrefix}-consumer-alarms` }, child);
        if (args.alarmEmail) {
            new aws.sns.TopicSubscription(`${name}-alarms-email`, {
                topic: this.alarmTopic.arn,
                protocol: "email",
                endpoint: args.alarmEmail,
            }, child);
        }

        for (const consumer of args.consumers) {
            const id = `${name}-${consumer.handler}`;
            const functionName = `${args.namePrefix}-${consumer.handler}`;

            // Records that keep failing land here (their shard position, not their data) for replay from the stream.
            const dlq = new aws.sqs.Queue(`${id}-dlq`, {
                name: `${functionName}-dlq`,
                sqsManagedSseEnabled: true,
                messageRetentionSeconds: queueRetentionSeconds,
            }, child);
            this.deadLetterQueueUrls[consumer.handler] = dlq.url;

            // `dead-letters redrive` runs as this role: it reads the queue and the stream, and writes what the consumer writes
            const redriveRole = new aws.iam.Role(`${id}-redrive`, {
                name: `${functionName}-redrive`,
                description: `Redrives ${consumer.handler}'s dead letters from the stream (dead-letters redrive in aws mode)`,
                assumeRolePolicy: pulumi.jsonStringify({
                    Version: "2012-10-17",
                    Statement: [{ Effect: "Allow", Principal: { AWS: pulumi.interpolate`arn:aws:iam::${args.accountId}:root` }, Action: "sts:AssumeRole" }],
                }),
            }, child);
            new aws.iam.RolePolicy(`${id}-redrive-policy`, {
                role: redriveRole.id,
                policy: policyDocument([
                    allow(["sqs:ReceiveMessage", "sqs:DeleteMessage"], [dlq.arn], "DeadLetters"),
                    ...readStream,
                    ...consumer.sinkPermissions,
                ]),
            }, child);

            const fn = new ScopedFunction(`${id}-fn`, {
                functionName,
                description: consumer.description,
                code: {
                    kind: "webAdapter",
                    zipPath: path.join(args.artifactsDir, "stream-consumers.zip"),
                    artifactsBucket: args.artifactsBucket,
                    adapterLayerArn: args.adapterLayerArn,
                },
                environment: consumerEnvironment(consumer.handler, args.sinks),
                permissions: [
                    allow(["kinesis:DescribeStream"], [args.streamArn], "DescribeStream"),
                    ...readStream,
                    allow(["sqs:SendMessage"], [dlq.arn], "DeadLetter"),
                    ...consumer.sinkPermissions,
                ],
                logRetentionDays: args.logRetentionDays,
                memorySize: 1024,
                timeoutSeconds: 60,
            }, child);

            new aws.lambda.EventSourceMapping(`${id}-mapping`, {
                eventSourceArn: args.streamArn,
                functionName: fn.function.name,
                // From the oldest record: events put before the mapping existed still count.
                startingPosition: "TRIM_HORIZON",
                batchSize: tuning.batchSize,
                maximumBatchingWindowInSeconds: tuning.batchingWindowSeconds,
                parallelizationFactor: tuning.parallelizationFactor,
                functionResponseTypes: ["ReportBatchItemFailures"],
                bisectBatchOnFunctionError: true,
                maximumRetryAttempts: tuning.maxRetries,
                maximumRecordAgeInSeconds: tuning.maxRecordAgeSeconds,
                destinationConfig: { onFailure: { destinationArn: dlq.arn } },
            }, { parent: this, dependsOn: [fn.rolePolicy] });

            new aws.cloudwatch.MetricAlarm(`${id}-dlq-depth`, {
                name: `${functionName}-dead-letters`,
                alarmDescription: `${consumer.handler} gave up on records: see ${functionName}-dlq`,
                namespace: "AWS/SQS",
                metricName: "ApproximateNumberOfMessagesVisible",
                dimensions: { QueueName: dlq.name },
                statistic: "Maximum",
                period: 300,
                evaluationPeriods: 1,
                threshold: 1,
                comparisonOperator: "GreaterThanOrEqualToThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [this.alarmTopic.arn],
                okActions: [this.alarmTopic.arn],
            }, child);

            new aws.cloudwatch.MetricAlarm(`${id}-iterator-age`, {
                name: `${functionName}-falling-behind`,
                alarmDescription: `${consumer.handler} is more than ${tuning.iteratorAgeAlarmMs} ms behind the stream`,
                namespace: "AWS/Lambda",
                metricName: "IteratorAge",
                dimensions: { FunctionName: fn.function.name },
                statistic: "Maximum",
                period: 60,
                evaluationPeriods: 5,
                threshold: tuning.iteratorAgeAlarmMs,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                alarmActions: [this.alarmTopic.arn],
                okActions: [this.alarmTopic.arn],
            }, child);
        }

        this.registerOutputs({ alarmTopicArn: this.alarmTopic.arn });
    }
}
