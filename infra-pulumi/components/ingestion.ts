import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { allow } from "../iam";
import { ApiKeyAuthorizer, authorizedCallerEnvironment } from "./apiKeyAuthorizer";
import { LambdaHttpApi } from "./lambdaHttpApi";
import { ScopedFunction } from "./scopedFunction";

export interface IngestionArgs {
    namePrefix: string;
    artifactsDir: string;
    /** Where the function's zip is uploaded for Lambda to take. */
    artifactsBucket: pulumi.Input<string>;
    adapterLayerArn: pulumi.Input<string>;
    environment: Record<string, pulumi.Input<string>>;
    streamArn: pulumi.Input<string>;
    streamKeyArn: pulumi.Input<string>;
    throttle: { rate: number; burst: number };
    logRetentionDays: number;
}

/** POST /v1/events for producers holding an API key, appending to the event stream. */
export class Ingestion extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    readonly functionArn: pulumi.Output<string>;
    readonly apiKeySecretArn: pulumi.Output<string>;
    /** The producers' keys: the Spotify link API checks them too (linking needs an "ingest" key). */
    readonly authorizer: ApiKeyAuthorizer;

    constructor(name: string, args: IngestionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:services:Ingestion", name, {}, opts);
        const child = { parent: this };

        const fn = new ScopedFunction(`${name}-fn`, {
            functionName: `${args.namePrefix}-ingestion-api`,
            description: "Ingestion API: validates event batches and puts them on the stream",
            code: { kind: "webAdapter", zipPath: path.join(args.artifactsDir, "ingestion-api.zip"), artifactsBucket: args.artifactsBucket, adapterLayerArn: args.adapterLayerArn },
            environment: { ...args.environment, ...authorizedCallerEnvironment },
            permissions: [
                allow(["kinesis:PutRecord", "kinesis:PutRecords", "kinesis:DescribeStreamSummary"], [args.streamArn], "AppendEvents"),
                // Writing to a KMS-encrypted stream needs a data key from the stream's key.
                allow(["kms:GenerateDataKey"], [args.streamKeyArn], "EncryptEvents"),
            ],
            logRetentionDays: args.logRetentionDays,
            memorySize: 1024,
            timeoutSeconds: 29,
        }, child);

        const authorizer = new ApiKeyAuthorizer(`${name}-auth`, {
            namePrefix: args.namePrefix,
            audience: "producers",
            logRetentionDays: args.logRetentionDays,
        }, child);

        const api = new LambdaHttpApi(`${name}-http`, {
            apiName: `${args.namePrefix}-ingestion`,
            routes: ["POST /v1/events"],
            target: fn.function,
            authorizer,
            throttle: args.throttle,
            logRetentionDays: args.logRetentionDays,
        }, child);

        this.url = api.url;
        this.functionArn = fn.function.arn;
        this.apiKeySecretArn = authorizer.secret.arn;
        this.authorizer = authorizer;
        this.registerOutputs({ url: this.url });
    }
}
