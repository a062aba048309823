import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, policyDocument } from "../iam";

export interface SecureBucketArgs {
    /** Moves objects to Glacier Flexible Retrieval after this many days. */
    glacierAfterDays?: number;
    /** Deletes objects after this many days (scratch data such as query results). */
    expireAfterDays?: number;
    /** Statements added to the bucket policy beside the TLS-only rule (for example a service principal's read). */
    extraStatements?: (bucketArn: pulumi.Output<string>) => PolicyStatement[];
    forceDestroy?: boolean;
}

/** An S3 bucket that is private, encrypted at rest, reachable only over TLS, with optional lifecycle. */
export class SecureBucket extends pulumi.ComponentResource {
    readonly bucket: aws.s3.Bucket;
    readonly arn: pulumi.Output<string>;
    readonly name: pulumi.Output<string>;

    constructor(name: string, args: SecureBucketArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:storage:SecureBucket", name, {}, opts);
        const child = { parent: this };

        this.bucket = new aws.s3.Bucket(name, { forceDestroy: args.forceDestroy ?? false }, child);
        this.arn = this.bucket.arn;
        this.name = this.bucket.bucket;

        const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
            bucket: this.bucket.id,
            rule: { objectOwnership: "BucketOwnerEnforced" },
        }, child);

        const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
            bucket: this.bucket.id,
            blockPublicAcls: true,
            blockPublicPolicy: true,
            ignorePublicAcls: true,
            restrictPublicBuckets: true,
        }, child);

        new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
            bucket: this.bucket.id,
            rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }],
        }, child);

        const statements: PolicyStatement[] = [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [this.bucket.arn, pulumi.interpolate`${this.bucket.arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            ...(args.extraStatements?.(this.bucket.arn) ?? []),
        ];
        // The policy waits for the public access block so a deploy never has a window with a looser bucket.
        new aws.s3.BucketPolicy(`${name}-policy`, {
            bucket: this.bucket.id,
            policy: policyDocument(statements),
        }, { parent: this, dependsOn: [publicAccess, ownership] });

        const rules: aws.types.input.s3.BucketLifecycleConfigurationRule[] = [];
        if (args.glacierAfterDays !== undefined) {
            rules.push({
                id: "to-glacier",
                status: "Enabled",
                filter: {},
                transitions: [{ days: args.glacierAfterDays, storageClass: "GLACIER" }],
            });
        }
        if (args.expireAfterDays !== undefined) {
            rules.push({ id: "expire", status: "Enabled", filter: {}, expiration: { days: args.expireAfterDays } });
        }
        rules.push({
            id: "abort-incomplete-uploads",
            status: "Enabled",
            filter: {},
            abortIncompleteMultipartUpload: { daysAfterInitiation: 7 },
        });
        new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, { bucket: this.bucket.id, rules }, child);

        this.registerOutputs({ arn: this.arn, name: this.name });
    }
}
