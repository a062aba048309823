import * as assert from "node:assert/strict";
import { before, describe, it } from "node:test";
import { readRepositoryJson } from "../repoPaths";
import { Deployment, actionsAllowedOn, allows, deploy, functionNamed, list, ofType, one, permissionsOfFunction, statementsOf } from "./harness";

let d: Deployment;
before(async () => { d = await deploy(); });

const services = ["ingestion-api", "recommendations-api", "hot-path", "profile-aggregator", "archive", "dataset-builder", "spotify-fan-out", "spotify-poller", "spotify-links"];
const consumers = ["hot-path", "profile-aggregator", "archive"];
// Actions Personalize does not let a policy scope to a resource; the only ones allowed on "*".
const unscopableActions = new Set(["personalize:ListEventTrackers", "personalize:ListDatasetImportJobs", "personalize:ListSolutionVersions",
    "personalize:ListCampaigns", "personalize:ListFilters"]);

const stream = "arn:aws:kinesis:eu-west-1:123456789012:stream/recommender-test-events";
const table = "arn:aws:dynamodb:eu-west-1:123456789012:recommender-test-profiles";
const runsTable = () => one(d, "aws:dynamodb/table:Table", t => t.inputs.name === "recommender-test-builder-runs");
const catalogTable = () => one(d, "aws:dynamodb/table:Table", t => t.inputs.name === "recommender-test-catalog");
const tracker = "arn:aws:personalize:eu-west-1:123456789012:event-tracker/recommender-test-events";
const campaign = "arn:aws:personalize:eu-west-1:123456789012:campaign/recommender-test-recommendations";

describe("every Lambda function", () => {
    it("has a role of its own", () => {
        const functions = ofType(d, "aws:lambda/function:Function");
        assert.equal(functions.length, services.length + 2, "the services' functions and two authorizers");
        const roles = functions.map(f => f.inputs.role);
        assert.equal(new Set(roles).size, functions.length, "no two functions share a role");
        for (const role of roles) {
            const trust = statementsOf(one(d, "aws:iam/role:Role", r => r.state.arn === role).inputs.assumeRolePolicy);
            assert.deepEqual(trust.map(s => s.Principal), [{ Service: "lambda.amazonaws.com" }]);
        }
    });

    it("writes only to its own log group", () => {
        for (const fn of ofType(d, "aws:lambda/function:Function")) {
            const logStatements = permissionsOfFunction(d, fn).filter(s => list(s.Action).some(a => a.startsWith("logs:")));
            assert.deepEqual(logStatements.flatMap(s => list(s.Resource)),
                [`arn:aws:logs:eu-west-1:123456789012:log-group:/aws/lambda/${fn.inputs.name}:*`], String(fn.inputs.name));
            assert.equal(fn.inputs.loggingConfig.logGroup, `/aws/lambda/${fn.inputs.name}`);
        }
    });
});

describe("no IAM policy", () => {
    const everyStatement = () => [
        ...ofType(d, "aws:iam/rolePolicy:RolePolicy").map(p => ({ where: p.name, statements: statementsOf(p.inputs.policy) })),
        ...ofType(d, "aws:iam/policy:Policy").map(p => ({ where: p.name, statements: statementsOf(p.inputs.policy) })),
    ];

    it("grants a wildcard action", () => {
        for (const { where, statements } of everyStatement()) {
            for (const action of statements.filter(s => s.Effect === "Allow").flatMap(s => list(s.Action))) {
                assert.ok(!action.includes("*"), `${where} allows ${action}`);
            }
        }
    });

    it("grants an action on every resource unless the service cannot scope it", () => {
        for (const { where, statements } of everyStatement()) {
            for (const s of statements.filter(s => s.Effect === "Allow" && list(s.Resource).includes("*"))) {
                for (const action of list(s.Action)) {
                    assert.ok(unscopableActions.has(action), `${where} allows ${action} on *`);
                }
            }
        }
    });
});

describe("each function may do what its job needs and no more", () => {
    it("the ingestion API appends to the stream and touches nothing else", () => {
        const p = permissionsOfFunction(d, functionNamed(d, "-ingestion-api"));
        assert.ok(allows(p, "kinesis:PutRecords", stream));
        assert.ok(!allows(p, "kinesis:GetRecords", stream));
        assert.ok(!allows(p, "dynamodb:PutItem", table));
        assert.ok(!allows(p, "personalize:PutEvents", tracker));
    });

    it("the hot path reads the stream and puts events to the tracker, but writes no profile", () => {
        const p = permissionsOfFunction(d, functionNamed(d, "-hot-path"));
        assert.ok(allows(p, "kinesis:GetRecords", stream));
        assert.ok(allows(p, "personalize:PutEvents", tracker));
        assert.ok(!allows(p, "dynamodb:UpdateItem", table));
        assert.ok(!allows(p, "kinesis:PutRecords", stream));
    });

    it("the profile aggregator writes profiles but puts no Personalize events", () => {
        const p = permissionsOfFunction(d, functionNamed(d, "-profile-aggregator"));
        assert.ok(allows(p, "kinesis:GetRecords", stream));
        assert.ok(allows(p, "dynamodb:UpdateItem", table));
        assert.ok(!allows(p, "personalize:PutEvents", tracker));
        assert.ok(!allows(p, "dynamodb:DeleteItem", table));
    });

    it("the recommendations API reads campaigns and profiles and writes nothing", () => {
        const p = permissionsOfFunction(d, functionNamed(d, "-recommendations-api"));
        assert.ok(allows(p, "personalize:GetRecommendations", campaign));
        assert.ok(allows(p, "dynamodb:GetItem", table));
        assert.ok(!allows(p, "dynamodb:PutItem", table));
        assert.ok(!allows(p, "personalize:UpdateCampaign", campaign));
    });

    it("the recommendations API may name the exclusions filter and the include-genre/artist filters the builder creates", () => {
        const p = permissionsOfFunction(d, functionNamed(d, "-recommendations-api"));
        const filter = campaign.replace(/:campaign\/.*$/, ":filter/recommender-test-exclusions");
        for (const suffix of ["", "-genres", "-artists", "-genres-artists"]) assert.ok(allows(p, "personalize:GetRecommendations", filter + suffix), suffix);
        const builder = permissionsOfFunction(d, functionNamed(d, "-dataset-builder"));
        for (const suffix of ["", "-genres", "-artists", "-genres-artists"]) assert.ok(allows(builder, "personalize:CreateFilter", filter + suffix), suffix);
        assert.ok(allows(builder, "personalize:UpdateSolution", campaign.replace(/:campaign\/.*$/, ":solution/recommender-test-user-personalization")));
    });

    it("the builder passes the Personalize role only to Personalize", () => {
        const p = permissionsOfFunction(d, functionNamed(d, "-dataset-builder"));
        const passRole = p.filter(s => list(s.Action).includes("iam:PassRole"));
        assert.equal(passRole.length, 1);
        assert.deepEqual(passRole[0].Condition, { StringEquals: { "iam:PassedToService": "personalize.amazonaws.com" } });
        assert.ok(allows(p, "personalize:UpdateCampaign", campaign));
        assert.ok(!allows(p, "personalize:PutEvents", tracker));
    });

    it("the builder reads and writes its run ledger, and may do nothing else to it", () => {
        const runs = runsTable().state.arn;
        const p = permissionsOfFunction(d, functionNamed(d, "-dataset-builder"));
        assert.deepEqual(actionsAllowedOn(p, runs).filter(a => a.startsWith("dynamodb:") || a === "*"),
            // DescribeTable: its /readyz check (readiness.test.ts)
            ["dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Scan", "dynamodb:UpdateItem"]);
        assert.ok(!allows(p, "dynamodb:DeleteItem", runs));
        assert.ok(!allows(p, "dynamodb:DeleteTable", runs));
        const ledger = p.filter(s => s.Sid === "RunLedger");
        assert.equal(ledger.length, 1);
        assert.deepEqual(list(ledger[0].Resource), [runs], "the ledger grant names the runs table only");
        // and the ledger's write grant does not reach the profiles
        assert.ok(!allows(p, "dynamodb:PutItem", table));
        assert.ok(!allows(p, "dynamodb:UpdateItem", table));
    });

    it("the catalog is filled by the profile aggregator's gap updates, read by the recommendations API and scanned by the builder, and nobody deletes from it", () => {
        const catalog = catalogTable().state.arn;
        const actions = (name: string) => actionsAllowedOn(permissionsOfFunction(d, functionNamed(d, name)), catalog).filter(a => a.startsWith("dynamodb:"));
        // DescribeTable: their /readyz checks (readiness.test.ts)
        assert.deepEqual(actions("-profile-aggregator"), ["dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:GetItem", "dynamodb:UpdateItem"]);
        assert.deepEqual(actions("-recommendations-api"), ["dynamodb:BatchGetItem", "dynamodb:DescribeTable", "dynamodb:GetItem"]);
        assert.deepEqual(actions("-dataset-builder"), ["dynamodb:Scan"]);
        for (const name of ["-ingestion-api", "-hot-path", "-archive"]) assert.deepEqual(actions(name), [], name);
    });

    it("no function but the builder touches the run ledger", () => {
        const runs = runsTable().state.arn;
        for (const fn of ofType(d, "aws:lambda/function:Function").filter(f => !String(f.inputs.name).endsWith("-dataset-builder"))) {
            assert.deepEqual(actionsAllowedOn(permissionsOfFunction(d, fn), runs), [], String(fn.inputs.name));
        }
    });
});

describe("the service functions", () => {
    const contract = [
        "Recommender__Mode", "Aws__Kinesis__StreamName", "Aws__DynamoDb__TableName", "Aws__Personalize__CampaignArn",
        "Aws__Personalize__TrackingId", "Aws__Personalize__RelatedItemsCampaignArn", "Aws__S3__DatasetsBucket",
        "Aws__Personalize__DatasetGroupArn", "Aws__Personalize__RoleArn", "Aws__Personalize__EventTrackerArn",
    ];

    it("run the published zip on provided.al2023 behind the Lambda Web Adapter 1.x (GA) layer", async () => {
        for (const service of services) {
            const fn = functionNamed(d, `-${service}`);
            assert.equal(fn.inputs.runtime, "provided.al2023", service);
            assert.equal(fn.inputs.handler, "bootstrap", service);
            assert.deepEqual(fn.inputs.layers, ["arn:aws:lambda:eu-west-1:753240598075:layer:LambdaAdapterLayerX86:30"], service);
            assert.equal(fn.inputs.environment.variables.AWS_LWA_PORT, "8080", service);
            const zip = consumers.includes(service) ? "stream-consumers" : service.startsWith("spotify-") ? "spotify-producer" : service;
            const upload = one(d, "aws:s3/bucketObjectv2:BucketObjectv2", o => o.inputs.key === fn.inputs.s3Key);
            assert.match(await upload.inputs.source.path, new RegExp(`artifacts/lambda/${zip}\\.zip$`), service);
        }
    });

    it("take their zips from S3, never as a direct upload (limited to 50 MB; a self-contained .NET app comes near it)", () => {
        const artifacts = one(d, "aws:s3/bucket:Bucket", b => b.name === "lambda-artifacts");
        for (const service of services) {
            const fn = functionNamed(d, `-${service}`);
            assert.equal(fn.inputs.code, undefined, service);
            assert.equal(fn.inputs.s3Bucket, artifacts.state.bucket, service);
            assert.equal(fn.inputs.s3Key, `lambda/${fn.inputs.name}.zip`, service);
        }
    });

    it("give the builder's /tmp room for a year of staging, and have it read only what came since its last published run", () => {
        const builder = functionNamed(d, "-dataset-builder");
        assert.deepEqual(builder.inputs.ephemeralStorage, { size: 10240 });
        assert.equal(builder.inputs.environment.variables.DatasetBuilder__Aws__ImportMode, "INCREMENTAL");
    });

    it("all but the consumers and the Spotify link function (each given its own definition) receive the application configuration contract, in Aws mode", () => {
        for (const service of services.filter(s => !consumers.includes(s) && s !== "spotify-links")) {
            const env = functionNamed(d, `-${service}`).inputs.environment.variables;
            for (const key of contract) {
                assert.ok(typeof env[key] === "string" && env[key].length > 0, `${service} lacks ${key}`);
            }
            assert.equal(env.Recommender__Mode, "Aws");
            assert.equal(env.Aws__Kinesis__StreamName, "recommender-test-events");
            assert.equal(env.Aws__Personalize__TrackingId, "tracking-0000");
            assert.equal(env.Aws__Personalize__CampaignArn, campaign);
        }
    });

    it("the builder receives every setting it requires (datasets/deployment/builder-environment.json), from the resources created", () => {
        const required = (readRepositoryJson("datasets/deployment/builder-environment.json") as { required: string[] }).required;
        const env = functionNamed(d, "-dataset-builder").inputs.environment.variables;
        for (const key of required) {
            assert.ok(typeof env[key] === "string" && env[key].length > 0, `dataset-builder lacks ${key}`);
        }
        assert.ok(required.includes("DatasetBuilder__Aws__RunsTableName"), "the builder requires its run ledger in aws mode");
        assert.equal(env.DatasetBuilder__Aws__RunsTableName, runsTable().state.name);
        assert.equal(env.DatasetBuilder__Aws__RunsTableName, "recommender-test-builder-runs");
        const personalize = "arn:aws:personalize:eu-west-1:123456789012";
        assert.equal(env.DatasetBuilder__Aws__InteractionsDatasetArn, `${personalize}:dataset/recommender-test-interactions`);
        assert.equal(env.DatasetBuilder__Aws__UsersDatasetArn, `${personalize}:dataset/recommender-test-users`);
        assert.equal(env.DatasetBuilder__Aws__ItemsDatasetArn, `${personalize}:dataset/recommender-test-items`);
        assert.equal(env.DatasetBuilder__Aws__SolutionArn, `${personalize}:solution/recommender-test-user-personalization`);
        assert.equal(env.DatasetBuilder__Aws__RelatedItemsSolutionArn, `${personalize}:solution/recommender-test-related-items`);
        assert.equal(env.DatasetBuilder__Aws__CampaignArn, campaign);
        assert.equal(env.DatasetBuilder__Aws__RelatedItemsCampaignArn, `${personalize}:campaign/recommender-test-related-items`);
        assert.equal(env.DatasetBuilder__Aws__FilterArn, `${personalize}:filter/recommender-test-exclusions`);
        assert.match(env.Recommender__DataDirectory, /^\/tmp\//, "Lambda can write only under /tmp");
        const [h, m, s] = env.DatasetBuilder__Aws__WaitTimeout.split(":").map(Number);
        const builderFn = functionNamed(d, "-dataset-builder");
        assert.ok(h * 3600 + m * 60 + s < builderFn.inputs.timeout, "an invocation stops waiting before Lambda stops it");
        const [lh, lm, ls] = env.DatasetBuilder__Lease.split(":").map(Number);
        assert.ok(lh * 3600 + lm * 60 + ls > builderFn.inputs.timeout, "a run's lease outlasts the invocation holding it, so no other takes it over mid-run");
    });

    it("the consumers get Kinesis batches at /events and each runs one handler", () => {
        for (const handler of consumers) {
            const env = functionNamed(d, `-${handler}`).inputs.environment.variables;
            assert.equal(env.AWS_LWA_PASS_THROUGH_PATH, "/events");
            assert.equal(env.Consumers__Enabled, handler);
        }
        assert.equal(functionNamed(d, "-ingestion-api").inputs.environment.variables.AWS_LWA_PASS_THROUGH_PATH, undefined);
    });
});

describe("each consumer function", () => {
    const definition = readRepositoryJson("datasets/deployment/consumer-environment.json") as {
        webAdapter: Record<string, string>; shared: Record<string, string>; consumers: Record<string, Record<string, string>>;
    };
    const archiveBucket = () => one(d, "aws:s3/bucket:Bucket", b => /archive/.test(b.name) && !/results/.test(b.name)).state.bucket;
    const filled = (text: string) => text
        .replace("${trackingId}", "tracking-0000")
        .replace("${eventTrackerArn}", tracker)
        .replace("${profileTableName}", "recommender-test-profiles")
        .replace("${catalogTableName}", "recommender-test-catalog")
        .replace("${archiveBucketName}", archiveBucket())
        .replace("${archivePrefix}", "events/");

    it("gets exactly the environment of datasets/deployment/consumer-environment.json (what StreamConsumers.Tests boots), filled from the resources", () => {
        for (const handler of consumers) {
            const expected = Object.fromEntries(Object.entries({ ...definition.webAdapter, ...definition.shared, ...definition.consumers[handler] })
                .map(([k, v]) => [k, filled(v)]));
            assert.deepEqual(functionNamed(d, `-${handler}`).inputs.environment.variables, expected, handler);
        }
    });

    it("gets its own sink's settings and no other's", () => {
        const sinkSettings: Record<string, string[]> = {
            "hot-path": ["Aws__Personalize__TrackingId", "Aws__Personalize__EventTrackerArn"],
            "profile-aggregator": ["Aws__DynamoDb__TableName", "Aws__DynamoDb__CatalogTableName"],
            "archive": ["Aws__S3__ArchiveBucket", "Aws__S3__ArchivePrefix"],
        };
        for (const handler of consumers) {
            const keys = Object.keys(functionNamed(d, `-${handler}`).inputs.environment.variables);
            for (const [owner, settings] of Object.entries(sinkSettings)) {
                for (const key of settings) {
                    assert.equal(keys.includes(key), owner === handler, `${handler} ${owner === handler ? "lacks" : "gets"} ${key}`);
                }
            }
            assert.ok(!keys.some(k => k.startsWith("Aws__Kinesis__") || k === "Aws__S3__DatasetsBucket" || k.startsWith("Aws__Personalize__Campaign")),
                `${handler} gets settings of no consumer's: ${keys.join(", ")}`);
        }
    });

    it("fails the invocation on a 5xx, so Lambda retries and bisects the batch instead of dropping it", () => {
        for (const handler of consumers) {
            assert.equal(functionNamed(d, `-${handler}`).inputs.environment.variables.AWS_LWA_ERROR_STATUS_CODES, "500-599", handler);
        }
    });
});
