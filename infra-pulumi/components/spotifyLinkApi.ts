import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { spotifyLinkEnvironment } from "../appConfiguration";
import { PolicyStatement, allow } from "../iam";
import { ApiKeyAuthorizer } from "./apiKeyAuthorizer";
import { HttpRoute, LambdaHttpApi } from "./lambdaHttpApi";
import { ScopedFunction } from "./scopedFunction";

export interface SpotifyLinkApiArgs {
    namePrefix: string;
    artifactsDir: string;
    artifactsBucket: pulumi.Input<string>;
    adapterLayerArn: pulumi.Input<string>;
    /** The producers' key authorizer (the Ingestion API's): linking needs an "ingest" key, held to its user by the app. */
    authorizer: ApiKeyAuthorizer;
    linksTable: aws.dynamodb.Table;
    /** Named in the settings only: the DynamoDB settings are checked as a whole (the function may not touch it). */
    profileTableName: pulumi.Input<string>;
    tokenKey: aws.kms.Key;
    tokenKeyAlias: pulumi.Input<string>;
    /** The platform's Spotify app (PKCE: no secret); unset, the endpoints answer 503 until it is configured. */
    spotifyClientId: string | undefined;
    throttle: { rate: number; burst: number };
    logRetentionDays: number;
    /** The read-only calls of its /readyz checks (readinessPermissions of datasets/deployment/readiness.json). */
    readiness: PolicyStatement[];
}

export const spotifyCallbackPath = "/v1/spotify/callback";

/** SpotifyLinkEndpoints.cs: the callback is reached by the listener's browser coming back from Spotify, without a key. */
export const spotifyLinkRoutes: HttpRoute[] = [
    "GET /v1/spotify/connect",
    { routeKey: `GET ${spotifyCallbackPath}`, authorization: "none" },
    "GET /v1/spotify/link/{user}",
    "DELETE /v1/spotify/link/{user}",
];

/**
 * Linking listeners' Spotify accounts on AWS: the hosted producer's own app (spotify-producer.zip, the code the poller runs)
 * as a function of its own behind an HTTP API. It starts connects, takes Spotify's callback (sealing the tokens with KMS),
 * shows and deletes links; it never opens a token nor touches the stream. Spotify sends the browser back to the callback
 * route's public URL, which the function is told (SpotifyProducer:RedirectUri) and the Spotify app must list.
 */
export class SpotifyLinkApi extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    readonly redirectUri: pulumi.Output<string>;
    readonly function: aws.lambda.Function;

    constructor(name: string, args: SpotifyLinkApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:services:SpotifyLinkApi", name, {}, opts);
        const child = { parent: this };
        const apiName = `${args.namePrefix}-spotify-links`;

        // made before the function: its redirect URI is this API's endpoint
        const api = new aws.apigatewayv2.Api(`${name}-api`, { name: apiName, protocolType: "HTTP" }, child);
        this.redirectUri = pulumi.interpolate`${api.apiEndpoint}${spotifyCallbackPath}`;

        const fn = new ScopedFunction(`${name}-fn`, {
            functionName: `${args.namePrefix}-spotify-links`,
            description: "Links listeners' Spotify accounts: connect, Spotify's callback, link status, unlink",
            code: { kind: "webAdapter", zipPath: path.join(args.artifactsDir, "spotify-producer.zip"), artifactsBucket: args.artifactsBucket, adapterLayerArn: args.adapterLayerArn },
            environment: {
                ...spotifyLinkEnvironment({
                    linksTableName: args.linksTable.name,
                    profileTableName: args.profileTableName,
                    tokenKeyId: args.tokenKeyAlias,
                    redirectUri: this.redirectUri,
                }),
                ...(args.spotifyClientId ? { SpotifyProducer__ClientId: args.spotifyClientId } : {}),
            },
            permissions: [
                // pending connects (put, taken by a delete), account claims, links; unlinking finds a user's pending connects by a scan
                allow(["dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:DeleteItem", "dynamodb:Scan"], [args.linksTable.arn], "Links"),
                // seals the tokens of a new link; opening them is the poller's alone
                {
                    ...allow(["kms:Encrypt"], [args.tokenKey.arn], "SealTokens"),
                    Condition: { StringEquals: { "kms:EncryptionContext:purpose": "spotify-tokens" } },
                },
                ...args.readiness,
            ],
            logRetentionDays: args.logRetentionDays,
            memorySize: 512,
            timeoutSeconds: 29,
        }, child);
        this.function = fn.function;

        const http = new LambdaHttpApi(`${name}-http`, {
            apiName,
            api,
            routes: spotifyLinkRoutes,
            target: fn.function,
            authorizer: args.authorizer,
            throttle: args.throttle,
            logRetentionDays: args.logRetentionDays,
        }, child);

        this.url = http.url;
        this.registerOutputs({ url: this.url, redirectUri: this.redirectUri });
    }
}
