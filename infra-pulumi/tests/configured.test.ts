import * as assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Deployment, deploy, functionNamed, ofType, one } from "./harness";

// The same program with every knob turned away from its default, to show the configuration reaches the resources.
let d: Deployment;
before(async () => {
    d = await deploy({
        namePrefix: "music-production-eu-west-1-abc",
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
        budgetUsd: "75",
        spotifyPollEvery: "30 minutes",
        spotifyClientId: "client-123",
    });
});

describe("stack configuration", () => {
    it("names every resource with the prefix, within AWS's name limits at the longest prefix allowed", () => {
        const limits: [string, number][] = [
            ["aws:lambda/function:Function", 64],
            ["aws:dynamodb/table:Table", 255],
            ["aws:sqs/queue:Queue", 80],
            ["aws:scheduler/schedule:Schedule", 64],
            ["aws:scheduler/scheduleGroup:ScheduleGroup", 64],
            ["aws:athena/workgroup:Workgroup", 128],
            ["aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream", 64],
            ["aws:glue/catalogDatabase:CatalogDatabase", 255],
            ["aws-native:personalize:DatasetGroup", 63],
            ["aws-native:personalize:Dataset", 63],
            ["aws-native:personalize:Schema", 63],
            ["aws-native:personalize:Solution", 63],
            ["aws-native:personalize:EventTracker", 63],
        ];
        for (const [type, limit] of limits) {
            const named = ofType(d, type);
            assert.ok(named.length > 0, type);
            for (const r of named) {
                assert.match(r.inputs.name, /^music[-_]production[-_]eu[-_]west[-_]1[-_]abc[-_]/, type);
                assert.ok(r.inputs.name.length <= limit, `${r.inputs.name} is longer than ${limit}`);
            }
        }
        // Campaigns and the filter are created by the builder under the names in these ARNs.
        for (const arn of [d.outputs.campaignArn, d.outputs.relatedItemsCampaignArn]) {
            assert.ok(String(arn).split("/").pop()!.length <= 63, String(arn));
        }
        assert.equal(d.outputs.streamName, "music-production-eu-west-1-abc-events");
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
        const daily = one(d, "aws:scheduler/schedule:Schedule", s => s.inputs.name === "music-production-eu-west-1-abc-daily-build");
        assert.equal(daily.inputs.scheduleExpression, "cron(30 4 * * ? *)");
        assert.equal(daily.inputs.scheduleExpressionTimezone, "Europe/Paris");
        assert.equal(functionNamed(d, "-dataset-builder").inputs.reservedConcurrentExecutions, undefined);
    });

    it("tunes the consumers and the API throttling", () => {
        // the stream's mappings; the Spotify poll queue's has its own batch size
        for (const m of ofType(d, "aws:lambda/eventSourceMapping:EventSourceMapping").filter(m => String(m.inputs.eventSourceArn).includes(":kinesis:"))) {
            assert.equal(m.inputs.batchSize, 250);
            assert.equal(m.inputs.maximumRetryAttempts, 2);
        }
        const ingestionStage = one(d, "aws:apigatewayv2/stage:Stage", s => s.name.startsWith("ingestion"));
        assert.equal(ingestionStage.inputs.defaultRouteSettings.throttlingRateLimit, 50);
    });

    it("takes the zips and the adapter layer from where it is told", async () => {
        const fn = functionNamed(d, "-recommendations-api");
        const upload = one(d, "aws:s3/bucketObjectv2:BucketObjectv2", o => o.inputs.key === fn.inputs.s3Key);
        assert.equal(await upload.inputs.source.path, "/opt/build/lambda/recommendations-api.zip");
        assert.deepEqual(fn.inputs.layers, ["arn:aws:lambda:eu-west-1:111122223333:layer:MyAdapter:3"]);
    });

    it("subscribes the alarm email", () => {
        const subscription = one(d, "aws:sns/topicSubscription:TopicSubscription");
        assert.equal(subscription.inputs.endpoint, "ops@example.com");
        assert.equal(subscription.inputs.protocol, "email");
    });
});

describe("the hosted Spotify producer and the budget, configured", () => {
    it("poll at the configured rate for the configured Spotify app", () => {
        const schedule = one(d, "aws:scheduler/schedule:Schedule", s => s.inputs.name === "music-production-eu-west-1-abc-spotify-rounds");
        assert.equal(schedule.inputs.scheduleExpression, "rate(30 minutes)");
        assert.equal(functionNamed(d, "-spotify-poller").inputs.environment.variables.SpotifyProducer__ClientId, "client-123");
        assert.equal(functionNamed(d, "-spotify-links").inputs.environment.variables.SpotifyProducer__ClientId, "client-123", "the link function starts connects for that app");
    });

    it("budget the configured amount and mail the alarm address", () => {
        const budget = one(d, "aws:budgets/budget:Budget");
        assert.equal(Number(budget.inputs.limitAmount), 75);
        for (const n of budget.inputs.notifications as { subscriberEmailAddresses: string[] }[]) {
            assert.deepEqual(n.subscriberEmailAddresses, ["ops@example.com"]);
        }
    });
});
