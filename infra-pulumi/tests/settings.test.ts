import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { checkProviderRegions, dailyCron, defaultAdapterLayerArn, readSettings } from "../settings";

const from = (values: Record<string, string>) => ({ get: (key: string) => values[key] });

describe("stack settings", () => {
    it("default to a stack-named prefix, an on-demand stream and a 3 am build", () => {
        const s = readSettings(from({}), "dev");
        assert.equal(s.namePrefix, "recommender-dev");
        assert.equal(s.stream.mode, "ON_DEMAND");
        assert.equal(s.archive.glacierAfterDays, 90);
        assert.equal(s.builder.dailyAt, "03:00");
        assert.equal(s.lambdaArtifactsDir, "artifacts/lambda");
        assert.equal(s.lambdaAdapterLayerArn, undefined);
        assert.equal(s.spotify.pollEvery, "10 minutes");
        assert.equal(s.spotify.pollerConcurrency, 2);
        assert.equal(s.budgetUsd, 20);
    });

    it("reject a value out of range, naming the key and the range", () => {
        assert.throws(() => readSettings(from({ consumerBatchSize: "0" }), "dev"), /consumerBatchSize=0: expected an integer from 1 to 10000/);
        assert.throws(() => readSettings(from({ archiveBufferMb: "32" }), "dev"), /archiveBufferMb=32/);
        assert.throws(() => readSettings(from({ archiveGlacierDays: "ninety" }), "dev"), /archiveGlacierDays=ninety/);
        // the builder reads the partitions since its last published run: Glacier must not take them within a stalled week
        assert.throws(() => readSettings(from({ archiveGlacierDays: "3" }), "dev"), /archiveGlacierDays=3: expected an integer from 7/);
        assert.throws(() => readSettings(from({ builderEphemeralStorageMb: "20000" }), "dev"), /builderEphemeralStorageMb=20000: expected an integer from 512 to 10240/);
    });

    it("reject a stream mode, a build time or a prefix AWS would refuse", () => {
        assert.throws(() => readSettings(from({ streamMode: "on-demand" }), "dev"), /ON_DEMAND or PROVISIONED/);
        assert.throws(() => readSettings(from({ builderDailyAt: "25:00" }), "dev"), /builderDailyAt=25:00/);
        assert.throws(() => readSettings(from({ builderResumeEvery: "often" }), "dev"), /builderResumeEvery=often/);
        assert.throws(() => readSettings(from({ namePrefix: "Music_Prod" }), "dev"), /namePrefix=Music_Prod/);
        assert.throws(() => readSettings(from({ builderExclusive: "yes" }), "dev"), /builderExclusive=yes: expected true or false/);
        assert.throws(() => readSettings(from({ spotifyPollEvery: "10m" }), "dev"), /spotifyPollEvery=10m/);
        assert.throws(() => readSettings(from({ budgetUsd: "0" }), "dev"), /budgetUsd=0: expected an integer from 1/);
        assert.throws(() => readSettings(from({ spotifyPollerConcurrency: "1" }), "dev"), /spotifyPollerConcurrency=1: expected an integer from 2/);
    });

    it("turn a time of day into a daily Scheduler cron", () => {
        assert.equal(dailyCron("03:00"), "cron(0 3 * * ? *)");
        assert.equal(dailyCron("23:45"), "cron(45 23 * * ? *)");
    });

    it("default the web adapter layer to AWS's account in the deployment region", () => {
        assert.equal(defaultAdapterLayerArn("ap-southeast-2"), "arn:aws:lambda:ap-southeast-2:753240598075:layer:LambdaAdapterLayerX86:30");
    });

    it("refuse two providers set to different regions", () => {
        assert.throws(() => checkProviderRegions("eu-west-1", "us-east-1"), /differ/);
        assert.doesNotThrow(() => checkProviderRegions("eu-west-1", "eu-west-1"));
        assert.doesNotThrow(() => checkProviderRegions("eu-west-1", undefined));
    });
});
