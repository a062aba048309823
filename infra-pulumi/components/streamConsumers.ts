import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { ConsumerName, ConsumerResources, consumerEnvironment } from "../appConfiguration";
import { PolicyStatement, allow } from "../iam";
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
    consumers: ConsumerSpec[];
    tuning: PlatformSettings["consumers"];
    alarmEmail: string | undefined;
    logRetentionDays: number;
}

/** Path the Lambda Web Adapter posts non-HTTP events (the Kinesis batches) to. */
export const eventsPath = "/events";

/** Lambda consumers of the event stream, each with its own role, dead-letter queue and alarms. */
export class StreamConsumers extends pulumi.ComponentResource {
    readonly alarmTopic: aws.sns.Topic;
    readonly deadLetterQueueUrls: Record<string, pulumi.Output<string>> = {};

    constructor(name: string, args: StreamConsumersArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:services:StreamConsumers", name, {}, opts);
        const child = { parent: this };
        const tuning = args.tuning;

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
                messageRetentionSeconds: 14 * 24 * 3600,
            }, child);
            this.deadLetterQueueUrls[consumer.handler] = dlq.url;

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
                    allow(["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"],
                        [args.streamArn], "ReadStream"),
                    allow(["kms:Decrypt"], [args.streamKeyArn], "DecryptStream"),
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
