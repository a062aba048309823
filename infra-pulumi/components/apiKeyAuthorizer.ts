import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { allow } from "../iam";
import { repositoryRoot } from "../repoPaths";
import { ScopedFunction } from "./scopedFunction";

export interface ApiKeyAuthorizerArgs {
    namePrefix: string;
    /** Who holds these keys, for names and descriptions: "producers", "clients". */
    audience: string;
    logRetentionDays: number;
}

/**
 * What a function behind the authorizer needs: take the caller (key id, scopes, bound user) from the request context the Web
 * Adapter passes on, and hold it to each endpoint's scope and user (Recommender.Hosting's ApiKeyMiddleware).
 */
export const authorizedCallerEnvironment: Record<string, string> = { Security__TrustApiGatewayAuthorizer: "true" };

/** API keys for an HTTP API (which has no API keys of its own): a secret of key digests and a Lambda authorizer reading it. */
export class ApiKeyAuthorizer extends pulumi.ComponentResource {
    readonly secret: aws.secretsmanager.Secret;
    readonly function: aws.lambda.Function;

    constructor(name: string, args: ApiKeyAuthorizerArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:api:ApiKeyAuthorizer", name, {}, opts);

        // The value is put by the operator (README), so no key ever sits in Pulumi state or the repository.
        this.secret = new aws.secretsmanager.Secret(`${name}-keys`, {
            name: `${args.namePrefix}/${args.audience}/api-keys`,
            description: `API key digests of the ${args.audience}, as \`keys export\` prints them: {"keys": {"<key id>": {"sha256", "scopes", "user_id"}}}`,
            recoveryWindowInDays: 7,
        }, { parent: this });

        const sourceDir = path.join(repositoryRoot(), "infra-pulumi", "authorizer");
        const check = new ScopedFunction(`${name}-fn`, {
            functionName: `${args.namePrefix}-${args.audience}-authorizer`,
            description: `Checks the x-api-key header of the ${args.audience}`,
            code: {
                kind: "nodejs",
                handler: "index.handler",
                archive: new pulumi.asset.AssetArchive({
                    "index.mjs": new pulumi.asset.FileAsset(path.join(sourceDir, "index.mjs")),
                    "handler.mjs": new pulumi.asset.FileAsset(path.join(sourceDir, "handler.mjs")),
                }),
            },
            environment: { API_KEYS_SECRET_ARN: this.secret.arn },
            permissions: [allow(["secretsmanager:GetSecretValue"], [this.secret.arn], "ReadApiKeys")],
            logRetentionDays: args.logRetentionDays,
            memorySize: 256,
            timeoutSeconds: 5,
        }, { parent: this });
        this.function = check.function;

        this.registerOutputs({ secretArn: this.secret.arn });
    }
}
