import * as pulumi from "@pulumi/pulumi";

export interface PolicyStatement {
    Sid?: string;
    Effect: "Allow" | "Deny";
    Action: string | string[];
    Resource: pulumi.Input<string> | pulumi.Input<string>[];
    Principal?: Record<string, string | string[]> | "*";
    Condition?: Record<string, Record<string, pulumi.Input<string> | pulumi.Input<string>[]>>;
}

export function allow(actions: string[], resources: pulumi.Input<string>[], sid?: string): PolicyStatement {
    return { ...(sid ? { Sid: sid } : {}), Effect: "Allow", Action: actions, Resource: resources };
}

export function policyDocument(statements: PolicyStatement[]): pulumi.Output<string> {
    return pulumi.jsonStringify({ Version: "2012-10-17", Statement: statements });
}

/**
 * Trust policy for an AWS service. With an account (and a source ARN pattern), only that account's
 * resources of the service can use the role: AWS's guard against the cross-service confused deputy.
 */
export function serviceTrust(service: string, sourceAccount?: pulumi.Input<string>, sourceArnLike?: pulumi.Input<string>): pulumi.Output<string> {
    const condition = sourceAccount === undefined ? undefined : {
        StringEquals: { "aws:SourceAccount": sourceAccount },
        ...(sourceArnLike === undefined ? {} : { ArnLike: { "aws:SourceArn": sourceArnLike } }),
    };
    return pulumi.jsonStringify({
        Version: "2012-10-17",
        Statement: [{
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            ...(condition === undefined ? {} : { Condition: condition }),
        }],
    });
}

/** Where the deployment is, resolved once from the provider. */
export interface DeploymentScope {
    accountId: pulumi.Input<string>;
    region: pulumi.Input<string>;
    partition: pulumi.Input<string>;
}

/** arn:<partition>:<service>:<region>:<account>:<resource> */
export function scopedArn(scope: DeploymentScope, service: string, resource: pulumi.Input<string>): pulumi.Output<string> {
    return pulumi.interpolate`arn:${scope.partition}:${service}:${scope.region}:${scope.accountId}:${resource}`;
}
