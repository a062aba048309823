import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { StreamMode } from "../settings";

export interface EventStreamArgs {
    streamName: string;
    mode: StreamMode;
    /** Used only in PROVISIONED mode (one shard takes 1,000 records/s or 1 MiB/s). */
    shardCount: number;
    retentionHours: number;
}

/** The Kinesis stream of playback events, partitioned by user_id, encrypted with a key of its own. */
export class EventStream extends pulumi.ComponentResource {
    readonly stream: aws.kinesis.Stream;
    readonly key: aws.kms.Key;

    constructor(name: string, args: EventStreamArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:stream:EventStream", name, {}, opts);
        const child = { parent: this };

        this.key = new aws.kms.Key(`${name}-key`, {
            description: `Encrypts the ${args.streamName} event stream`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
        }, child);
        new aws.kms.Alias(`${name}-key-alias`, { name: `alias/${args.streamName}`, targetKeyId: this.key.keyId }, child);

        this.stream = new aws.kinesis.Stream(name, {
            name: args.streamName,
            streamModeDetails: { streamMode: args.mode },
            shardCount: args.mode === "PROVISIONED" ? args.shardCount : undefined,
            retentionPeriod: args.retentionHours,
            encryptionType: "KMS",
            kmsKeyId: this.key.arn,
        }, child);

        this.registerOutputs({ streamArn: this.stream.arn, keyArn: this.key.arn });
    }
}
