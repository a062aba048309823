import * as pulumi from "@pulumi/pulumi";
import * as path from "path";
import { allow } from "../iam";
import { ApiKeyAuthorizer } from "./apiKeyAuthorizer";
import { LambdaHttpApi } from "./lambdaHttpApi";
import { ScopedFunction } from "./scopedFunction";

export interface RecommendationsApiArgs {
    namePrefix: string;
    artifactsDir: string;
    adapterLayerArn: pulumi.Input<string>;
    environment: Record<string, pulumi.Input<string>>;
    campaignArns: pulumi.Input<string>[];
    filterArn: pulumi.Input<string>;
    profileTableArn: pulumi.Input<string>;
    throttle: { rate: number; burst: number };
    logRetentionDays: number;
}

/** The public routes of the Recommendations API service (the admin routes stay local-only). */
export const recommendationRoutes = [
    "GET /v1/recommendations",
    "POST /v1/rankings",
    "GET /v1/tracks/{trackId}/related",
    "GET /v1/users/{userId}/profile",
    "GET /v1/users/{userId}/history",
];

/** GET /v1/recommendations and friends, served from the Personalize campaigns and the profile table. */
export class RecommendationsApi extends pulumi.ComponentResource {
    readonly url: pulumi.Output<string>;
    readonly apiKeySecretArn: pulumi.Output<string>;

    constructor(name: string, args: RecommendationsApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:services:RecommendationsApi", name, {}, opts);
        const child = { parent: this };

        const fn = new ScopedFunction(`${name}-fn`, {
            functionName: `${args.namePrefix}-recommendations-api`,
            description: "Recommendations API: Personalize campaigns plus listener profiles",
            code: { kind: "webAdapter", zipPath: path.join(args.artifactsDir, "recommendations-api.zip"), adapterLayerArn: args.adapterLayerArn },
            environment: args.environment,
            permissions: [
                allow(["personalize:GetRecommendations", "personalize:GetPersonalizedRanking"],
                    [...args.campaignArns, args.filterArn, pulumi.interpolate`${args.filterArn}-*`], "Recommend"),
                allow(["dynamodb:GetItem", "dynamodb:Query"], [args.profileTableArn], "ReadProfiles"),
            ],
            logRetentionDays: args.logRetentionDays,
            memorySize: 1024,
            timeoutSeconds: 29,
        }, child);

        const authorizer = new ApiKeyAuthorizer(`${name}-auth`, {
            namePrefix: args.namePrefix,
            audience: "clients",
            logRetentionDays: args.logRetentionDays,
        }, child);

        const api = new LambdaHttpApi(`${name}-http`, {
            apiName: `${args.namePrefix}-recommendations`,
            routes: recommendationRoutes,
            target: fn.function,
            authorizer,
            throttle: args.throttle,
            logRetentionDays: args.logRetentionDays,
        }, child);

        this.url = api.url;
        this.apiKeySecretArn = authorizer.secret.arn;
        this.registerOutputs({ url: this.url });
    }
}
