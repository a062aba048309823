import * as assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { deadLetterRetentionSeconds } from "../components/streamConsumers";
import { Deployment, account, deploy, ofType, one, statementsOf } from "./harness";

let d: Deployment;
before(async () => { d = await deploy(); });

// A dead letter of a Kinesis consumer points at stream positions; the redrive reads the records back from the stream.
describe("the consumers' dead-letter queues", () => {
    const mappings = () => ofType(d, "aws:lambda/eventSourceMapping:EventSourceMapping").filter(m => String(m.inputs.eventSourceArn).includes(":kinesis:"));

    it("keep a message no longer than the stream keeps its records", () => {
        const stream = one(d, "aws:kinesis/stream:Stream");
        for (const m of mappings()) {
            const queue = one(d, "aws:sqs/queue:Queue", q => q.state.arn === m.inputs.destinationConfig.onFailure.destinationArn);
            // Lambda dead-letters a batch at most maximumRecordAgeInSeconds after its first record arrived
            assert.ok(m.inputs.maximumRecordAgeInSeconds > 0, "a record age limit bounds when a batch is dead-lettered");
            assert.ok(m.inputs.maximumRecordAgeInSeconds + queue.inputs.messageRetentionSeconds <= stream.inputs.retentionPeriod * 3600,
                `${queue.state.name} keeps ${queue.inputs.messageRetentionSeconds} s, its records live ${stream.inputs.retentionPeriod} h`);
        }
    });

    it("follow the stream's retention up to SQS's 14 days, and refuse settings that leave less than an hour", () => {
        assert.equal(deadLetterRetentionSeconds(24, 3600), 23 * 3600);
        assert.equal(deadLetterRetentionSeconds(8760, 3600), 14 * 24 * 3600);
        assert.throws(() => deadLetterRetentionSeconds(24, 86_400), /raise streamRetentionHours or lower consumerMaxRecordAgeSeconds/);
    });

    it("are redriven by a role per consumer that reads its queue and the stream and writes only that consumer's sink", () => {
        const stream = one(d, "aws:kinesis/stream:Stream");
        for (const m of mappings()) {
            const fn = String(m.inputs.functionName);
            const queue = one(d, "aws:sqs/queue:Queue", q => q.state.arn === m.inputs.destinationConfig.onFailure.destinationArn);
            const role = one(d, "aws:iam/role:Role", r => r.inputs.name === `${fn}-redrive`);
            assert.deepEqual(statementsOf(role.inputs.assumeRolePolicy).map(s => s.Principal), [{ AWS: `arn:aws:iam::${account}:root` }]);
            const statements = ofType(d, "aws:iam/rolePolicy:RolePolicy").filter(p => p.inputs.role === role.id).flatMap(p => statementsOf(p.inputs.policy));
            const bySid = Object.fromEntries(statements.map(s => [s.Sid, s]));
            assert.deepEqual(bySid.DeadLetters.Action, ["sqs:ReceiveMessage", "sqs:DeleteMessage"]);
            assert.deepEqual(bySid.DeadLetters.Resource, [queue.state.arn]);
            assert.deepEqual(bySid.ReadStream.Action, ["kinesis:DescribeStreamSummary", "kinesis:GetRecords", "kinesis:GetShardIterator", "kinesis:ListShards"]);
            assert.deepEqual(bySid.ReadStream.Resource, [stream.state.arn]);
            // the consumer's own sink statements, the same as its function's, and nothing else
            const sinks = statements.filter(s => !["DeadLetters", "ReadStream", "DecryptStream"].includes(String(s.Sid)));
            assert.equal(sinks.length > 0, true);
            for (const s of statements) {
                for (const r of ([] as unknown[]).concat(s.Resource)) assert.notEqual(r, "*", `${fn}-redrive: ${s.Sid} on *`);
                for (const a of ([] as unknown[]).concat(s.Action)) assert.ok(!String(a).endsWith(":*"), `${fn}-redrive: ${a}`);
            }
            assert.ok(!statements.some(s => ([] as unknown[]).concat(s.Action).includes("sqs:SendMessage")), "the redrive never writes dead letters");
        }
    });
});
