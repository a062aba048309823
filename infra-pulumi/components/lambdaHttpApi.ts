import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ApiKeyAuthorizer } from "./apiKeyAuthorizer";

/**
 * A route key such as "POST /v1/events", behind the API key authorizer; or one whose authorization is said explicitly:
 * "none" only for a route a browser reaches without a key and that authenticates itself (Spotify's redirect to the callback).
 */
export type HttpRoute = string | { routeKey: string; authorization: "apiKey" | "none" };

export interface LambdaHttpApiArgs {
    apiName: string;
    /** The routes; everything else answers 404 at the gateway. */
    routes: HttpRoute[];
    /** The HTTP API, when it must exist before the target (whose settings name its endpoint); made here otherwise. */
    api?: aws.apigatewayv2.Api;
    target: aws.lambda.Function;
    authorizer: ApiKeyAuthorizer;
    throttle: { rate: number; burst: number };
    logRetentionDays: number;
}

/** An API Gateway HTTP API in front of one Lambda: explicit routes, API key authorizer (unless a route says none), throttling, access logs. */
export class LambdaHttpApi extends pulumi.ComponentResource {
    readonly api: aws.apigatewayv2.Api;
    readonly url: pulumi.Output<string>;

    constructor(name: string, args: LambdaHttpApiArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:api:LambdaHttpApi", name, {}, opts);
        const child = { parent: this };

        this.api = args.api ?? new aws.apigatewayv2.Api(`${name}-api`, { name: args.apiName, protocolType: "HTTP" }, child);

        const integration = new aws.apigatewayv2.Integration(`${name}-integration`, {
            apiId: this.api.id,
            integrationType: "AWS_PROXY",
            integrationUri: args.target.invokeArn,
            payloadFormatVersion: "2.0",
        }, child);

        const authorizer = new aws.apigatewayv2.Authorizer(`${name}-authorizer`, {
            apiId: this.api.id,
            name: `${args.apiName}-api-key`,
            authorizerType: "REQUEST",
            authorizerUri: args.authorizer.function.invokeArn,
            authorizerPayloadFormatVersion: "2.0",
            enableSimpleResponses: true,
            identitySources: ["$request.header.x-api-key"],
            authorizerResultTtlInSeconds: 300,
        }, child);

        const routes = args.routes.map(route => typeof route === "string" ? { routeKey: route, authorization: "apiKey" } : route)
            .map(({ routeKey, authorization }, i) => new aws.apigatewayv2.Route(`${name}-route-${i}`, {
                apiId: this.api.id,
                routeKey,
                target: pulumi.interpolate`integrations/${integration.id}`,
                ...(authorization === "none" ? { authorizationType: "NONE" } : { authorizationType: "CUSTOM", authorizerId: authorizer.id }),
            }, child));

        const accessLogs = new aws.cloudwatch.LogGroup(`${name}-access-logs`, {
            name: `/aws/apigateway/${args.apiName}`,
            retentionInDays: args.logRetentionDays,
        }, child);

        const stage = new aws.apigatewayv2.Stage(`${name}-stage`, {
            apiId: this.api.id,
            name: "$default",
            autoDeploy: true,
            defaultRouteSettings: {
                throttlingRateLimit: args.throttle.rate,
                throttlingBurstLimit: args.throttle.burst,
                detailedMetricsEnabled: true,
            },
            accessLogSettings: {
                destinationArn: accessLogs.arn,
                format: JSON.stringify({
                    requestId: "$context.requestId",
                    routeKey: "$context.routeKey",
                    status: "$context.status",
                    latencyMs: "$context.responseLatency",
                    integrationError: "$context.integrationErrorMessage",
                    authorizerError: "$context.authorizer.error",
                    keyId: "$context.authorizer.key_id",
                }),
            },
        }, { parent: this, dependsOn: routes });

        new aws.lambda.Permission(`${name}-invoke`, {
            action: "lambda:InvokeFunction",
            function: args.target.name,
            principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${this.api.executionArn}/*/*`,
        }, child);
        new aws.lambda.Permission(`${name}-authorize`, {
            action: "lambda:InvokeFunction",
            function: args.authorizer.function.name,
            principal: "apigateway.amazonaws.com",
            sourceArn: pulumi.interpolate`${this.api.executionArn}/authorizers/${authorizer.id}`,
        }, child);

        this.url = stage.invokeUrl;
        this.registerOutputs({ url: this.url });
    }
}
