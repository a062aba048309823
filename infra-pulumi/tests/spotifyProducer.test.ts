import * as assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { readRepositoryJson } from "../repoPaths";
import { Deployment, actionsAllowedOn, allows, deploy, functionNamed, list, ofType, one, permissionsOfFunction, statementsOf } from "./harness";

// the configured stack's producer and budget are in configured.test.ts: one deployment per test process
let d: Deployment;
before(async () => { d = await deploy(); });

const base = "arn:aws:sqs:eu-west-1:123456789012";
const queueArn = `${base}:recommender-test-spotify-polls.fifo`;
const dlqArn = `${base}:recommender-test-spotify-polls-dlq.fifo`;
const linksArn = "arn:aws:dynamodb:eu-west-1:123456789012:recommender-test-spotify-links";
const stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/recommender-test-events";
const profiles = "arn:aws:dynamodb:eu-west-1:123456789012:recommender-test-profiles";
const tokenKey = () => one(d, "aws:kms/key:Key", k => /spotify-tokens/.test(k.name)).state.arn;

describe("the hosted Spotify producer", () => {
    it("fans out on a schedule every 10 minutes by default, with the firing's time as the round", () => {
        const schedule = one(d, "aws:scheduler/schedule:Schedule", s => s.inputs.name === "recommender-test-spotify-rounds");
        assert.equal(schedule.inputs.scheduleExpression, "rate(10 minutes)");
        assert.equal(schedule.inputs.target.arn, functionNamed(d, "-spotify-fan-out").state.arn);
        assert.deepEqual(JSON.parse(schedule.inputs.target.input), { action: "fan-out", scheduled_time: "<aws.scheduler.scheduled-time>" });
    });

    it("queues one FIFO message per account, with a FIFO dead-letter queue after three receives", () => {
        const queue = one(d, "aws:sqs/queue:Queue", q => q.inputs.name === "recommender-test-spotify-polls.fifo");
        const dlq = one(d, "aws:sqs/queue:Queue", q => q.inputs.name === "recommender-test-spotify-polls-dlq.fifo");
        assert.equal(queue.inputs.fifoQueue, true);
        assert.equal(dlq.inputs.fifoQueue, true, "a FIFO queue's dead-letter queue must be FIFO too");
        assert.deepEqual(JSON.parse(queue.inputs.redrivePolicy), { deadLetterTargetArn: dlqArn, maxReceiveCount: 3 });
        const poller = functionNamed(d, "-spotify-poller");
        assert.ok(queue.inputs.visibilityTimeoutSeconds >= 6 * poller.inputs.timeout, "visibility timeout at least six times the poller's timeout");
        for (const q of [queue, dlq]) assert.equal(q.inputs.sqsManagedSseEnabled, true);
    });

    it("hands the queue to the poller with partial batch failures and few polls at once", () => {
        const mapping = one(d, "aws:lambda/eventSourceMapping:EventSourceMapping", m => m.inputs.eventSourceArn === queueArn);
        assert.equal(mapping.inputs.functionName, "recommender-test-spotify-poller");
        assert.deepEqual(mapping.inputs.functionResponseTypes, ["ReportBatchItemFailures"]);
        assert.equal(mapping.inputs.scalingConfig.maximumConcurrency, 2);
    });

    it("configures both functions for the same links table, key and queue, the poll path at /events", () => {
        for (const name of ["-spotify-fan-out", "-spotify-poller"]) {
            const env = functionNamed(d, name).inputs.environment.variables;
            assert.equal(env.Aws__DynamoDb__SpotifyLinksTableName, "recommender-test-spotify-links", name);
            assert.equal(env.Aws__Kms__TokenKeyId, "alias/recommender-test-spotify-tokens", name);
            assert.equal(env.Aws__Sqs__SpotifyPollQueueUrl, "https://sqs.eu-west-1.amazonaws.com/123456789012/recommender-test-spotify-polls.fifo", name);
            assert.equal(env.AWS_LWA_PASS_THROUGH_PATH, "/events", name);
            assert.equal(env.SpotifyProducer__HostedLoop, "false", name);
            assert.equal(env.SpotifyProducer__ClientId, undefined, "no Spotify app unless configured");
        }
    });

    it("keeps links in a table whose pending connects expire and that can be restored", () => {
        const table = one(d, "aws:dynamodb/table:Table", t => t.inputs.name === "recommender-test-spotify-links");
        assert.equal(table.inputs.hashKey, "pk");
        assert.deepEqual(table.inputs.ttl, { attributeName: "expires_at", enabled: true });
        assert.equal(table.inputs.pointInTimeRecovery.enabled, true);
        assert.equal(one(d, "aws:kms/key:Key", k => /spotify-tokens/.test(k.name)).inputs.enableKeyRotation, true);
    });

    it("lets the fan-out list links and enqueue, and never read a token", () => {
        const p = permissionsOfFunction(d, functionNamed(d, "-spotify-fan-out"));
        assert.deepEqual(actionsAllowedOn(p, linksArn), ["dynamodb:Scan"]);
        assert.deepEqual(actionsAllowedOn(p, queueArn), ["sqs:SendMessage"]);
        assert.deepEqual(actionsAllowedOn(p, tokenKey()), []);
        assert.ok(!allows(p, "kinesis:PutRecords", stream));
    });

    it("lets the poller read and update links, open tokens only for their purpose, append plays and take its messages", () => {
        const p = permissionsOfFunction(d, functionNamed(d, "-spotify-poller"));
        assert.deepEqual(actionsAllowedOn(p, linksArn), ["dynamodb:GetItem", "dynamodb:PutItem"]);
        assert.ok(!allows(p, "dynamodb:DeleteItem", linksArn), "unlinking is the API's, not the poller's");
        const sealing = p.filter(s => list(s.Action).includes("kms:Decrypt"));
        assert.equal(sealing.length, 1);
        assert.deepEqual(list(sealing[0].Resource), [tokenKey()]);
        assert.deepEqual(sealing[0].Condition, { StringEquals: { "kms:EncryptionContext:purpose": "spotify-tokens" } });
        assert.ok(allows(p, "kinesis:PutRecords", stream));
        assert.ok(!allows(p, "kinesis:GetRecords", stream));
        assert.ok(!allows(p, "dynamodb:PutItem", profiles));
        assert.deepEqual(actionsAllowedOn(p, queueArn), ["sqs:ChangeMessageVisibility", "sqs:DeleteMessage", "sqs:GetQueueAttributes", "sqs:ReceiveMessage"]);
        assert.ok(!allows(p, "sqs:SendMessage", queueArn));
    });

    it("alarms on the dead-letter queue and on either function's errors", () => {
        const alarms = ofType(d, "aws:cloudwatch/metricAlarm:MetricAlarm");
        const dlq = one(d, "aws:cloudwatch/metricAlarm:MetricAlarm", a => a.inputs.name === "recommender-test-spotify-dead-letters");
        assert.deepEqual(dlq.inputs.dimensions, { QueueName: "recommender-test-spotify-polls-dlq.fifo" });
        assert.equal(dlq.inputs.threshold, 1);
        for (const fn of ["recommender-test-spotify-poller", "recommender-test-spotify-fan-out"]) {
            const errors = alarms.find(a => a.inputs.metricName === "Errors" && a.inputs.dimensions?.FunctionName === fn);
            assert.ok(errors, `an alarm on ${fn}'s errors`);
            assert.equal(errors!.inputs.namespace, "AWS/Lambda");
            assert.equal(errors!.inputs.alarmActions.length, 1);
        }
    });
});

describe("the Spotify link API", () => {
    const api = () => one(d, "aws:apigatewayv2/api:Api", a => a.inputs.name === "recommender-test-spotify-links");
    const routes = () => ofType(d, "aws:apigatewayv2/route:Route").filter(r => r.inputs.apiId === api().id);
    const route = (key: string) => one(d, "aws:apigatewayv2/route:Route", r => r.inputs.apiId === api().id && r.inputs.routeKey === key);
    const linkFunction = () => functionNamed(d, "-spotify-links");
    const callbackUrl = () => `${api().state.apiEndpoint}/v1/spotify/callback`;

    it("routes connect, Spotify's callback and a link's status and unlink to the link function, and nothing else", () => {
        assert.deepEqual(routes().map(r => r.inputs.routeKey).sort(),
            ["DELETE /v1/spotify/link/{user}", "GET /v1/spotify/callback", "GET /v1/spotify/connect", "GET /v1/spotify/link/{user}"]);
        const integration = one(d, "aws:apigatewayv2/integration:Integration", i => i.inputs.apiId === api().id);
        assert.equal(integration.inputs.integrationUri, linkFunction().state.invokeArn);
        for (const r of routes()) assert.equal(r.inputs.target, `integrations/${integration.id}`, r.inputs.routeKey);
        const invoke = one(d, "aws:lambda/permission:Permission", p => p.inputs.function === "recommender-test-spotify-links");
        assert.equal(invoke.inputs.sourceArn, `${api().state.executionArn}/*/*`);
    });

    it("lets Spotify's redirect reach the callback without a key, and checks the producers' keys on every other route", () => {
        const callback = route("GET /v1/spotify/callback");
        assert.equal(callback.inputs.authorizationType, "NONE");
        assert.equal(callback.inputs.authorizerId, undefined);
        const authorizer = one(d, "aws:apigatewayv2/authorizer:Authorizer", a => a.inputs.apiId === api().id);
        assert.equal(authorizer.inputs.authorizerUri, functionNamed(d, "-producers-authorizer").state.invokeArn, "ingest keys are the producers' keys");
        for (const key of ["GET /v1/spotify/connect", "GET /v1/spotify/link/{user}", "DELETE /v1/spotify/link/{user}"]) {
            assert.equal(route(key).inputs.authorizationType, "CUSTOM", key);
            assert.equal(route(key).inputs.authorizerId, authorizer.id, key);
        }
        assert.equal(linkFunction().inputs.environment.variables.Security__TrustApiGatewayAuthorizer, "true", "the app holds the caller to ingest and its user");
    });

    it("tells the function the callback route's public URL as the redirect URI, and exports it for the Spotify app", () => {
        assert.match(callbackUrl(), /^https:\/\/.+\.execute-api\.eu-west-1\.amazonaws\.com\/v1\/spotify\/callback$/);
        assert.equal(linkFunction().inputs.environment.variables.SpotifyProducer__RedirectUri, callbackUrl());
        assert.equal(d.outputs.spotifyRedirectUri, callbackUrl());
    });

    it("gets exactly the environment of datasets/deployment/spotify-link-environment.json (what SpotifyProducer.Tests boots), filled from the resources", () => {
        const definition = readRepositoryJson("datasets/deployment/spotify-link-environment.json") as { webAdapter: Record<string, string>; function: Record<string, string> };
        const filled = (text: string) => text
            .replace("${redirectUri}", callbackUrl())
            .replace("${profileTableName}", "recommender-test-profiles")
            .replace("${linksTableName}", "recommender-test-spotify-links")
            .replace("${tokenKeyId}", "alias/recommender-test-spotify-tokens");
        const expected = Object.fromEntries(Object.entries({ ...definition.webAdapter, ...definition.function }).map(([k, v]) => [k, filled(v)]));
        assert.deepEqual(linkFunction().inputs.environment.variables, expected);
    });

    it("lets the function keep links and seal new tokens for their purpose only: never open a token, append plays or read profiles", () => {
        const p = permissionsOfFunction(d, linkFunction());
        // and describe both for /readyz (readiness.test.ts checks those statements)
        assert.deepEqual(actionsAllowedOn(p, linksArn), ["dynamodb:DeleteItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan"]);
        const sealing = p.filter(s => !s.Sid?.startsWith("Ready") && list(s.Action).some(a => a.startsWith("kms:")));
        assert.equal(sealing.length, 1);
        assert.deepEqual(list(sealing[0].Action), ["kms:Encrypt"]);
        assert.deepEqual(list(sealing[0].Resource), [tokenKey()]);
        assert.deepEqual(sealing[0].Condition, { StringEquals: { "kms:EncryptionContext:purpose": "spotify-tokens" } });
        const resources = new Set(p.filter(s => !list(s.Action).every(a => a.startsWith("logs:"))).flatMap(s => list(s.Resource)));
        assert.deepEqual([...resources].sort(), [linksArn, tokenKey()].sort(), "the links table and the token key, nothing else");
        assert.ok(!allows(p, "kinesis:PutRecords", stream));
        assert.ok(!allows(p, "dynamodb:GetItem", profiles));
    });
});

describe("the cost budget", () => {
    it("is 20 USD a month by default", () => {
        const budget = one(d, "aws:budgets/budget:Budget");
        assert.equal(budget.inputs.budgetType, "COST");
        assert.equal(budget.inputs.timeUnit, "MONTHLY");
        assert.equal(budget.inputs.limitUnit, "USD");
        assert.equal(Number(budget.inputs.limitAmount), 20);
    });

    it("alerts on actual spend and on the forecast, to the alarm topic", () => {
        const topic = one(d, "aws:sns/topic:Topic", t => /consumer-alarms/.test(t.inputs.name ?? "")).state.arn;
        const notifications = one(d, "aws:budgets/budget:Budget").inputs.notifications as { notificationType: string; subscriberSnsTopicArns: string[] }[];
        assert.deepEqual(notifications.map(n => n.notificationType).sort(), ["ACTUAL", "FORECASTED"]);
        for (const n of notifications) assert.deepEqual(n.subscriberSnsTopicArns, [topic]);
    });

    it("may publish to the alarm topic for this account only, as may the account's alarms", () => {
        const policy = statementsOf(one(d, "aws:sns/topicPolicy:TopicPolicy").inputs.policy);
        assert.deepEqual(policy.map(s => (s.Principal as any).Service).sort(), ["budgets.amazonaws.com", "cloudwatch.amazonaws.com"]);
        for (const s of policy) {
            assert.deepEqual(list(s.Action), ["SNS:Publish"]);
            assert.deepEqual(s.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
        }
    });
});
