import * as assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { Deployment, deploy, list, ofType, one, statementsOf } from "./harness";

let d: Deployment;
before(async () => { d = await deploy(); });

const tableNamed = (name: string) => one(d, "aws:dynamodb/table:Table", t => t.inputs.name === name);

describe("every DynamoDB table", () => {
    it("exists for the profiles, the track catalog, the builder's runs and the Spotify links, each pay per request with point-in-time recovery and encryption", () => {
        const tables = ofType(d, "aws:dynamodb/table:Table");
        assert.deepEqual(tables.map(t => t.inputs.name).sort(), ["recommender-test-builder-runs", "recommender-test-catalog", "recommender-test-profiles", "recommender-test-spotify-links"]);
        for (const table of tables) {
            assert.equal(table.inputs.billingMode, "PAY_PER_REQUEST", table.name);
            assert.equal(table.inputs.pointInTimeRecovery?.enabled, true, table.name);
            assert.equal(table.inputs.serverSideEncryption?.enabled, true, table.name);
        }
    });
});

describe("the profile table", () => {
    it("is pay per request with point-in-time recovery, encryption and a TTL attribute", () => {
        const table = tableNamed("recommender-test-profiles");
        assert.equal(table.inputs.billingMode, "PAY_PER_REQUEST");
        assert.equal(table.inputs.pointInTimeRecovery.enabled, true);
        assert.equal(table.inputs.serverSideEncryption.enabled, true);
        assert.deepEqual(table.inputs.ttl, { attributeName: "expires_at", enabled: true });
        assert.equal(table.inputs.hashKey, "user_id");
    });
});

describe("the catalog table", () => {
    it("holds one item per track, keyed by the string track_id alone, and outlives no setting", () => {
        const table = tableNamed("recommender-test-catalog");
        assert.equal(table.inputs.hashKey, "track_id");
        assert.equal(table.inputs.rangeKey, undefined);
        assert.deepEqual(table.inputs.attributes, [{ name: "track_id", type: "S" }]);
        assert.equal(table.inputs.ttl, undefined, "catalog entries never expire");
    });
});

describe("the builder's runs table", () => {
    it("holds one item per run, keyed by the string run_id alone", () => {
        const table = tableNamed("recommender-test-builder-runs");
        assert.equal(table.inputs.hashKey, "run_id");
        assert.equal(table.inputs.rangeKey, undefined);
        assert.deepEqual(table.inputs.attributes, [{ name: "run_id", type: "S" }]);
        assert.equal(table.inputs.globalSecondaryIndexes, undefined);
        assert.equal(table.inputs.localSecondaryIndexes, undefined);
    });

    it("is pay per request with point-in-time recovery and encryption", () => {
        const table = tableNamed("recommender-test-builder-runs");
        assert.equal(table.inputs.billingMode, "PAY_PER_REQUEST");
        assert.deepEqual(table.inputs.pointInTimeRecovery, { enabled: true });
        assert.deepEqual(table.inputs.serverSideEncryption, { enabled: true });
    });
});

describe("the event stream", () => {
    it("is encrypted with its own rotating KMS key", () => {
        const stream = one(d, "aws:kinesis/stream:Stream");
        const key = one(d, "aws:kms/key:Key", k => k.name === "events-key");
        assert.equal(stream.inputs.encryptionType, "KMS");
        assert.equal(stream.inputs.kmsKeyId, key.state.arn);
        assert.equal(key.inputs.enableKeyRotation, true);
    });

    it("is on-demand by default, with a day of retention", () => {
        const stream = one(d, "aws:kinesis/stream:Stream");
        assert.deepEqual(stream.inputs.streamModeDetails, { streamMode: "ON_DEMAND" });
        assert.equal(stream.inputs.shardCount, undefined);
        assert.equal(stream.inputs.retentionPeriod, 24);
    });
});

describe("every bucket", () => {
    const buckets = () => ofType(d, "aws:s3/bucket:Bucket");
    const forBucket = (type: string, bucket: { id: string }) => ofType(d, type).filter(r => r.inputs.bucket === bucket.id);

    it("exists for the archive, the Athena results, the datasets and the functions' zips", () => {
        assert.equal(buckets().length, 4);
    });

    it("blocks every kind of public access", () => {
        for (const bucket of buckets()) {
            const blocks = forBucket("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", bucket);
            assert.equal(blocks.length, 1, bucket.name);
            const b = blocks[0].inputs;
            assert.ok(b.blockPublicAcls && b.blockPublicPolicy && b.ignorePublicAcls && b.restrictPublicBuckets, bucket.name);
        }
    });

    it("denies requests that do not use TLS", () => {
        for (const bucket of buckets()) {
            const policies = forBucket("aws:s3/bucketPolicy:BucketPolicy", bucket);
            assert.equal(policies.length, 1, bucket.name);
            const denies = statementsOf(policies[0].inputs.policy).filter(s =>
                s.Effect === "Deny" && s.Principal === "*" && list(s.Action).includes("s3:*")
                && JSON.stringify(s.Condition) === JSON.stringify({ Bool: { "aws:SecureTransport": "false" } }));
            assert.equal(denies.length, 1, bucket.name);
            assert.deepEqual(list(denies[0].Resource).sort(), [bucket.state.arn, `${bucket.state.arn}/*`].sort());
        }
    });

    it("is encrypted at rest by default", () => {
        for (const bucket of buckets()) {
            const configs = forBucket("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", bucket);
            assert.equal(configs.length, 1, bucket.name);
            assert.ok(["AES256", "aws:kms"].includes(configs[0].inputs.rules[0].applyServerSideEncryptionByDefault.sseAlgorithm));
        }
    });

    it("grants nothing to everyone", () => {
        for (const policy of ofType(d, "aws:s3/bucketPolicy:BucketPolicy")) {
            for (const s of statementsOf(policy.inputs.policy).filter(s => s.Effect === "Allow")) {
                assert.notEqual(s.Principal, "*", policy.name);
            }
        }
    });
});

describe("the archive bucket", () => {
    it("moves objects to Glacier after 90 days by default", () => {
        const delivery = one(d, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
        const archive = one(d, "aws:s3/bucket:Bucket", b => b.state.arn === delivery.inputs.extendedS3Configuration.bucketArn);
        const lifecycle = one(d, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", l => l.inputs.bucket === archive.id);
        const transitions = lifecycle.inputs.rules.filter((r: any) => r.status === "Enabled").flatMap((r: any) => r.transitions ?? []);
        assert.deepEqual(transitions, [{ days: 90, storageClass: "GLACIER" }]);
    });
});
