import * as assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Deployment, deploy, functionNamed, ofType, one } from "./harness";

// The same program with every knob turned away from its default, to show the configuration reaches the resources.
let d: Deployment;
before(async () => {
    d = await deploy({
        namePrefix: "music-prod",
        streamMode: "PROVISIONED",
        streamShardCount: "4",
        streamRetentionHours: "168",
        archiveGlacierDays: "30",
        builderDailyAt: "04:30",
        builderTimezone: "Europe/Paris",
        consumerBatchSize: "250",
        consumerMaxRetries: "2",
        lambdaArtifactsDir: "/opt/build/lambda",
        lambdaAdapterLayerArn: "arn:aws:lambda:eu-west-1:111122223333:layer:MyAdapter:3",
        ingestionThrottleRate: "50",
        alarmEmail: "ops@example.com",
        builderExclusive: "false",
    });
});

describe("stack configuration", () => {
    it("names every resource with the prefix", () => {
        for (const fn of ofType(d, "aws:lambda/function:Function")) {
            assert.match(fn.inputs.name, /^music-prod-/);
        }
        assert.equal(d.outputs.streamName, "music-prod-events");
    });

    it("provisions shards and retention when asked", () => {
        const stream = one(d, "aws:kinesis/stream:Stream");
        assert.deepEqual(stream.inputs.streamModeDetails, { streamMode: "PROVISIONED" });
        assert.equal(stream.inputs.shardCount, 4);
        assert.equal(stream.inputs.retentionPeriod, 168);
    });

    it("moves the archive to Glacier after the configured days", () => {
        const transitions = ofType(d, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration")
            .flatMap(l => l.inputs.rules).flatMap((r: any) => r.transitions ?? []);
        assert.deepEqual(transitions, [{ days: 30, storageClass: "GLACIER" }]);
    });

    it("schedules the daily build at the configured time and zone", () => {
        const daily = one(d, "aws:scheduler/schedule:Schedule", s => s.inputs.name === "music-prod-daily-build");
        assert.equal(daily.inputs.scheduleExpression, "cron(30 4 * * ? *)");
        assert.equal(daily.inputs.scheduleExpressionTimezone, "Europe/Paris");
        assert.equal(functionNamed(d, "-dataset-builder").inputs.reservedConcurrentExecutions, undefined);
    });

    it("tunes the consumers and the API throttling", () => {
        for (const m of ofType(d, "aws:lambda/eventSourceMapping:EventSourceMapping")) {
            assert.equal(m.inputs.batchSize, 250);
            assert.equal(m.inputs.maximumRetryAttempts, 2);
        }
        const ingestionStage = one(d, "aws:apigatewayv2/stage:Stage", s => s.name.startsWith("ingestion"));
        assert.equal(ingestionStage.inputs.defaultRouteSettings.throttlingRateLimit, 50);
    });

    it("takes the zips and the adapter layer from where it is told", async () => {
        const fn = functionNamed(d, "-recommendations-api");
        assert.equal(await fn.inputs.code.path, "/opt/build/lambda/recommendations-api.zip");
        assert.deepEqual(fn.inputs.layers, ["arn:aws:lambda:eu-west-1:111122223333:layer:MyAdapter:3"]);
    });

    it("subscribes the alarm email", () => {
        const subscription = one(d, "aws:sns/topicSubscription:TopicSubscription");
        assert.equal(subscription.inputs.endpoint, "ops@example.com");
        assert.equal(subscription.inputs.protocol, "email");
    });
});
