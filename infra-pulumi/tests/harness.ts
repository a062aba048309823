import * as pulumi from "@pulumi/pulumi";

// Runs the real program (index.ts) against Pulumi's mock engine and records every resource it registers.

export const account = "123456789012";
export const region = "eu-west-1";

export interface Recorded {
    type: string;
    name: string;
    id: string;
    // The inputs as the engine would receive them: outputs resolved, JSON policies as strings.
    inputs: Record<string, any>;
    state: Record<string, any>;
}

export interface Deployment {
    resources: Recorded[];
    outputs: Record<string, unknown>;
}

function serviceOf(type: string): string {
    return type.split(":")[1]?.split("/")[0] ?? "unknown";
}

/** Attributes the provider would compute, so that ARNs and URLs flow between resources as in a real deploy. */
function computed(type: string, name: string, inputs: Record<string, any>): Record<string, any> {
    const base = `arn:aws:${serviceOf(type)}:${region}:${account}`;
    const resourceName: string = inputs.name ?? name;
    switch (type) {
        case "aws:s3/bucket:Bucket": {
            const bucket = inputs.bucket ?? `${name}-bucket-1234`;
            return { bucket, arn: `arn:aws:s3:::${bucket}` };
        }
        case "aws:iam/role:Role":
            return { name: resourceName, arn: `arn:aws:iam::${account}:role/${resourceName}` };
        case "aws:lambda/function:Function": {
            const arn = `arn:aws:lambda:${region}:${account}:function:${resourceName}`;
            return { name: resourceName, arn, invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn}/invocations` };
        }
        case "aws:apigatewayv2/api:Api":
            return { executionArn: `arn:aws:execute-api:${region}:${account}:${name}`, apiEndpoint: `https://${name}.execute-api.${region}.amazonaws.com` };
        case "aws:apigatewayv2/stage:Stage":
            return { invokeUrl: `https://${name}.execute-api.${region}.amazonaws.com/` };
        case "aws:sqs/queue:Queue":
            return { name: resourceName, arn: `${base}:${resourceName}`, url: `https://sqs.${region}.amazonaws.com/${account}/${resourceName}` };
        case "aws:kinesis/stream:Stream":
            return { name: resourceName, arn: `${base}:stream/${resourceName}` };
        case "aws:kms/key:Key":
            return { arn: `${base}:key/${name}`, keyId: name };
        case "aws:logs/logGroup:LogGroup":
        case "aws:cloudwatch/logGroup:LogGroup":
            return { name: resourceName, arn: `arn:aws:logs:${region}:${account}:log-group:${resourceName}` };
        case "aws-native:personalize:DatasetGroup":
            return { datasetGroupArn: `arn:aws:personalize:${region}:${account}:dataset-group/${resourceName}` };
        case "aws-native:personalize:Schema":
            return { schemaArn: `arn:aws:personalize:${region}:${account}:schema/${resourceName}` };
        case "aws-native:personalize:Dataset":
            return { datasetArn: `arn:aws:personalize:${region}:${account}:dataset/${resourceName}` };
        case "aws-native:personalize:EventTracker":
            return { eventTrackerArn: `arn:aws:personalize:${region}:${account}:event-tracker/${resourceName}`, trackingId: "tracking-0000" };
        case "aws-native:personalize:Solution":
            return { solutionArn: `arn:aws:personalize:${region}:${account}:solution/${resourceName}` };
        default:
            return { name: resourceName, arn: `${base}:${resourceName}` };
    }
}

const invokes: Record<string, Record<string, string>> = {
    "aws:index/getCallerIdentity:getCallerIdentity": { accountId: account, arn: `arn:aws:iam::${account}:user/test`, userId: "test", id: account },
    "aws:index/getRegion:getRegion": { name: region, region, id: region, description: "test", endpoint: `ec2.${region}.amazonaws.com` },
    "aws:index/getPartition:getPartition": { partition: "aws", dnsSuffix: "amazonaws.com", id: "aws", reverseDnsPrefix: "com.amazonaws" },
};

// Pulumi's own "the program is done" (what the CLI and the provider server wait on): every resource registration and
// invoke holds the runtime's RPC queue open until it finishes, including those made later from inside apply callbacks.
// Internal to @pulumi/pulumi (pinned in package.json), so it is looked up and its absence is an error, not a silent pass.
const runtime = pulumi.runtime as typeof pulumi.runtime & { waitForRPCs?: () => Promise<void> };

async function settled(deadlineMs = 60_000): Promise<void> {
    if (typeof runtime.waitForRPCs !== "function") {
        throw new Error("@pulumi/pulumi no longer has runtime.waitForRPCs: the harness cannot tell when the program has registered everything");
    }
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`resource registrations still pending after ${deadlineMs / 1000} s`)), deadlineMs);
    });
    try {
        await Promise.race([runtime.waitForRPCs(), timeout]);
    } finally {
        clearTimeout(timer);
    }
}

/** Deploys index.ts with the given stack configuration (keys without the "recommender:" namespace). */
export async function deploy(config: Record<string, string> = {}): Promise<Deployment> {
    const resources: Recorded[] = [];
    const all: Record<string, string> = { "aws:region": region, "aws-native:region": region };
    for (const [key, value] of Object.entries(config)) {
        all[key.includes(":") ? key : `recommender:${key}`] = value;
    }
    pulumi.runtime.setAllConfig(all);
    await pulumi.runtime.setMocks({
        newResource(args) {
            const state = { ...args.inputs, ...computed(args.type, args.name, args.inputs) };
            const id = args.type === "aws:iam/role:Role" ? state.name : `${args.name}-id`;
            resources.push({ type: args.type, name: args.name, id, inputs: args.inputs, state });
            return { id, state };
        },
        call(args) {
            const result = invokes[args.token];
            if (result === undefined) {
                throw new Error(`unexpected invoke ${args.token}`);
            }
            return result;
        },
    }, "recommender", "test", false);

    const program: Record<string, unknown> = await import("../index");
    const outputs: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(program)) {
        outputs[key] = await resolve(value);
    }
    await settled();
    return { resources, outputs };
}

export function resolve<T>(value: T | pulumi.Output<T>): Promise<T> {
    if (pulumi.Output.isInstance(value)) {
        return new Promise(r => (value as pulumi.Output<T>).apply(v => { r(v); return v; }));
    }
    if (value !== null && typeof value === "object" && !Array.isArray(value)) {
        return (async () => {
            const entries = await Promise.all(Object.entries(value).map(async ([k, v]) => [k, await resolve(v)] as const));
            return Object.fromEntries(entries) as T;
        })();
    }
    return Promise.resolve(value);
}

// Queries over what was deployed, named as the policies read.

export const ofType = (d: Deployment, type: string) => d.resources.filter(r => r.type === type);

export function one(d: Deployment, type: string, predicate: (r: Recorded) => boolean = () => true): Recorded {
    const found = ofType(d, type).filter(predicate);
    if (found.length !== 1) {
        throw new Error(`expected one ${type}, found ${found.length}: ${found.map(r => r.name).join(", ")}`);
    }
    return found[0];
}

export interface Statement {
    Sid?: string;
    Effect: string;
    Action: string | string[];
    Resource: string | string[];
    Principal?: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

export const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export function statementsOf(policyJson: string): Statement[] {
    return JSON.parse(policyJson).Statement as Statement[];
}

/** Every inline policy statement attached to the role a function runs as. */
export function permissionsOfFunction(d: Deployment, fn: Recorded): Statement[] {
    const role = one(d, "aws:iam/role:Role", r => r.state.arn === fn.inputs.role);
    const policies = ofType(d, "aws:iam/rolePolicy:RolePolicy").filter(p => p.inputs.role === role.id);
    const attachments = ofType(d, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").filter(p => p.inputs.role === role.id);
    if (attachments.length > 0) {
        throw new Error(`role ${role.name} has managed policy attachments, which these checks cannot see into`);
    }
    return policies.flatMap(p => statementsOf(p.inputs.policy));
}

export function functionNamed(d: Deployment, suffix: string): Recorded {
    return one(d, "aws:lambda/function:Function", f => String(f.inputs.name).endsWith(suffix));
}

/** Whether an IAM pattern with '*' wildcards matches a value. */
const matches = (pattern: string, value: string) =>
    new RegExp(`^${pattern.split("*").map(s => s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`).test(value);

/** Whether the statements allow an action on a resource, with IAM's '*' wildcards. */
export function allows(statements: Statement[], action: string, resource: string): boolean {
    return statements.some(s => s.Effect === "Allow"
        && list(s.Action).some(a => matches(a, action))
        && list(s.Resource).some(r => matches(r, resource)));
}

/** The action patterns (as written, wildcards included) the statements allow on a resource, sorted and without repeats. */
export function actionsAllowedOn(statements: Statement[], resource: string): string[] {
    const actions = statements.filter(s => s.Effect === "Allow" && list(s.Resource).some(r => matches(r, resource))).flatMap(s => list(s.Action));
    return [...new Set(actions)].sort();
}
