import * as assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { readinessDefinition, readinessSid } from "../readiness";
import { Deployment, account, deploy, functionNamed, list, one, permissionsOfFunction, region } from "./harness";

let d: Deployment;
before(async () => { d = await deploy(); });

const definition = readinessDefinition();

/** Each dependency's resource as the deployment made it, looked up independently of the program's own map. */
function resourceOf(dependency: string): string {
    const table = (name: string) => one(d, "aws:dynamodb/table:Table", t => t.inputs.name === name).state.arn;
    switch (dependency) {
        case "event-stream": return one(d, "aws:kinesis/stream:Stream").state.arn;
        case "profile-table": return table("recommender-test-profiles");
        case "catalog-table": return table("recommender-test-catalog");
        case "archive-bucket": return one(d, "aws:s3/bucket:Bucket", b => /archive/.test(b.name) && !/results/.test(b.name)).state.arn;
        case "recommendations-campaign": return d.outputs.campaignArn as string;
        case "related-items-campaign": return d.outputs.relatedItemsCampaignArn as string;
        case "event-tracker": return d.outputs.eventTrackerArn as string;
        case "spotify-links-table": return table("recommender-test-spotify-links");
        case "spotify-token-key": return one(d, "aws:kms/key:Key", k => /spotify-tokens/.test(k.name)).state.arn;
        case "runs-table": return table("recommender-test-builder-runs");
        case "datasets-bucket": return one(d, "aws:s3/bucket:Bucket", b => b.name === "personalize-bucket").state.arn;
        case "athena-workgroup": return `arn:aws:athena:${region}:${account}:workgroup/${one(d, "aws:athena/workgroup:Workgroup").inputs.name}`;
        default: throw new Error(`the test does not know ${dependency}'s resource`);
    }
}

// Actions the services call only to check readiness; the others (DescribeStreamSummary, ListBucket) some roles need for their work too.
const readinessOnlyActions = ["dynamodb:DescribeTable", "personalize:DescribeEventTracker", "athena:GetWorkGroup", "kms:DescribeKey"];

describe("each service's readiness checks (datasets/deployment/readiness.json)", () => {
    it("are granted to its role exactly: one statement per declared dependency, its check's action on that resource only", () => {
        for (const [service, dependencies] of Object.entries(definition.services)) {
            const granted = permissionsOfFunction(d, functionNamed(d, `-${service}`))
                .filter(s => s.Sid?.startsWith("Ready"))
                .map(s => ({ Sid: s.Sid, Action: list(s.Action), Resource: list(s.Resource) }));
            const expected = dependencies.map(name => ({
                Sid: readinessSid(name), Action: [definition.dependencies[name].action], Resource: [resourceOf(name)],
            }));
            assert.deepEqual(granted, expected, service);
        }
    });

    it("give no role a describe action for a dependency its service does not declare", () => {
        for (const [service, dependencies] of Object.entries(definition.services)) {
            const declared = new Set(dependencies.map(readinessSid));
            for (const s of permissionsOfFunction(d, functionNamed(d, `-${service}`))) {
                for (const action of list(s.Action).filter(a => readinessOnlyActions.includes(a))) {
                    assert.ok(s.Sid !== undefined && declared.has(s.Sid), `${service} may ${action} outside its readiness checks (${s.Sid})`);
                }
            }
        }
    });

    it("name only dependencies the definition describes, each with an action and the setting the service reads", () => {
        for (const [service, dependencies] of Object.entries(definition.services)) {
            for (const name of dependencies) {
                const dependency = definition.dependencies[name];
                assert.ok(dependency !== undefined, `${service} names ${name}`);
                assert.match(dependency.action, /^[a-z0-9]+:[A-Za-z]+$/, name);
                assert.match(dependency.setting, /^(Aws:[A-Za-z0-9]+|DatasetBuilder:Aws):[A-Za-z]+$/, name);
            }
        }
    });
});
