import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as crypto from "crypto";
import * as fs from "fs";
import { PolicyStatement, allow, policyDocument, serviceTrust } from "../iam";

/**
 * How the function's code runs: one of our .NET services behind the Lambda Web Adapter, or a small Node.js handler.
 * A service's zip goes through S3 (artifactsBucket): Lambda takes a direct upload only up to 50 MB, a zip in S3 up to
 * 250 MB unzipped (layers included), and a self-contained .NET app is near the first limit (docs/lambda-packages.md).
 */
export type FunctionCode =
    | { kind: "webAdapter"; zipPath: string; artifactsBucket: pulumi.Input<string>; adapterLayerArn: pulumi.Input<string>; passThroughPath?: string }
    | { kind: "nodejs"; archive: pulumi.asset.Archive; handler: string };

/** Lambda's CodeSha256 of the zip (base64 SHA-256), so a new publish updates the function; undefined before the zip exists (a preview, the unit tests). */
export function codeSha256(zipPath: string): string | undefined {
    return fs.existsSync(zipPath) ? crypto.createHash("sha256").update(fs.readFileSync(zipPath)).digest("base64") : undefined;
}

export interface ScopedFunctionArgs {
    functionName: string;
    description: string;
    code: FunctionCode;
    environment: pulumi.Input<Record<string, pulumi.Input<string>>>;
    /** Everything the function may do beyond writing its own logs. */
    permissions: PolicyStatement[];
    logRetentionDays: number;
    memorySize?: number;
    timeoutSeconds?: number;
    reservedConcurrency?: number;
    /** Size of /tmp in MB (512 to 10,240); Lambda's default is 512. */
    ephemeralStorageMb?: number;
}

/** The web adapter forwards HTTP to the app on this port; the services listen on it in Lambda. */
export const webAdapterPort = "8080";

/** A Lambda function with a role of its own that grants only its log group and the listed permissions. */
export class ScopedFunction extends pulumi.ComponentResource {
    readonly function: aws.lambda.Function;
    readonly role: aws.iam.Role;
    /** Event source mappings depend on it: Lambda checks the role's permissions when the mapping is created. */
    readonly rolePolicy: aws.iam.RolePolicy;

    constructor(name: string, args: ScopedFunctionArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:compute:ScopedFunction", name, {}, opts);
        const child = { parent: this };

        const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
            name: `/aws/lambda/${args.functionName}`,
            retentionInDays: args.logRetentionDays,
        }, child);

        this.role = new aws.iam.Role(`${name}-role`, {
            description: `Execution role of ${args.functionName} only`,
            assumeRolePolicy: serviceTrust("lambda.amazonaws.com"),
        }, child);

        this.rolePolicy = new aws.iam.RolePolicy(`${name}-permissions`, {
            role: this.role.id,
            policy: policyDocument([
                allow(["logs:CreateLogStream", "logs:PutLogEvents"], [pulumi.interpolate`${logGroup.arn}:*`], "OwnLogs"),
                ...args.permissions,
            ]),
        }, child);

        const code = args.code;
        const zip = code.kind === "webAdapter"
            ? new aws.s3.BucketObjectv2(`${name}-code`, {
                bucket: code.artifactsBucket,
                key: `lambda/${args.functionName}.zip`,
                source: new pulumi.asset.FileAsset(code.zipPath),
            }, child)
            : undefined;
        const runtime = code.kind === "webAdapter"
            ? {
                runtime: aws.lambda.Runtime.CustomAL2023,
                handler: "bootstrap",
                s3Bucket: zip!.bucket,
                s3Key: zip!.key,
                sourceCodeHash: codeSha256(code.zipPath),
                layers: [code.adapterLayerArn],
            }
            : { runtime: aws.lambda.Runtime.NodeJS22dX, handler: code.handler, code: code.archive, layers: [] };
        const adapterEnvironment: Record<string, string> = code.kind === "webAdapter"
            ? {
                AWS_LWA_PORT: webAdapterPort,
                ASPNETCORE_URLS: `http://127.0.0.1:${webAdapterPort}`,
                AWS_LWA_READINESS_CHECK_PATH: "/healthz",
                ...(code.passThroughPath ? { AWS_LWA_PASS_THROUGH_PATH: code.passThroughPath } : {}),
            }
            : {};

        this.function = new aws.lambda.Function(name, {
            name: args.functionName,
            description: args.description,
            role: this.role.arn,
            architectures: ["x86_64"],
            memorySize: args.memorySize ?? 1024,
            timeout: args.timeoutSeconds ?? 30,
            reservedConcurrentExecutions: args.reservedConcurrency,
            ephemeralStorage: args.ephemeralStorageMb === undefined ? undefined : { size: args.ephemeralStorageMb },
            ...runtime,
            environment: {
                variables: pulumi.output(args.environment).apply(env => ({ ...adapterEnvironment, ...env })),
            },
            loggingConfig: { logFormat: "Text", logGroup: logGroup.name },
        }, { parent: this, dependsOn: [this.rolePolicy, logGroup] });

        this.registerOutputs({ functionArn: this.function.arn, roleArn: this.role.arn });
    }
}
