import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { before, describe, it } from "node:test";
import { composeMart, namedQueryParameters, readAnalyticsModels } from "../analyticsSql";
import { repositoryRoot } from "../repoPaths";
import { Deployment, allows, deploy, functionNamed, list, ofType, one, permissionsOfFunction, statementsOf } from "./harness";

let d: Deployment;
before(async () => { d = await deploy(); });

describe("each event source mapping", () => {
    // the stream's; the Spotify poll queue's mapping is tested in spotifyProducer.test.ts
    const mappings = () => ofType(d, "aws:lambda/eventSourceMapping:EventSourceMapping").filter(m => String(m.inputs.eventSourceArn).includes(":kinesis:"));

    it("feeds one consumer from the stream", () => {
        const stream = one(d, "aws:kinesis/stream:Stream");
        assert.deepEqual(mappings().map(m => m.inputs.functionName).sort(), ["recommender-test-archive", "recommender-test-hot-path", "recommender-test-profile-aggregator"]);
        for (const m of mappings()) {
            assert.equal(m.inputs.eventSourceArn, stream.state.arn);
        }
    });

    it("reports batch item failures, bisects on error and gives up after bounded retries", () => {
        for (const m of mappings()) {
            assert.deepEqual(m.inputs.functionResponseTypes, ["ReportBatchItemFailures"]);
            assert.equal(m.inputs.bisectBatchOnFunctionError, true);
            assert.equal(m.inputs.maximumRetryAttempts, 5);
            assert.equal(m.inputs.maximumRecordAgeInSeconds, 3600);
            assert.equal(m.inputs.batchSize, 100);
            assert.equal(m.inputs.parallelizationFactor, 2);
        }
    });

    it("sends what it gives up on to an encrypted queue the consumer may write to", () => {
        for (const m of mappings()) {
            const destination = m.inputs.destinationConfig.onFailure.destinationArn;
            const queue = one(d, "aws:sqs/queue:Queue", q => q.state.arn === destination);
            assert.equal(queue.inputs.sqsManagedSseEnabled, true);
            const fn = functionNamed(d, m.inputs.functionName);
            const role = one(d, "aws:iam/role:Role", r => r.state.arn === fn.inputs.role);
            const policy = ofType(d, "aws:iam/rolePolicy:RolePolicy").filter(p => p.inputs.role === role.id).flatMap(p => statementsOf(p.inputs.policy));
            assert.ok(allows(policy, "sqs:SendMessage", destination));
        }
    });

    it("is watched by alarms on dead letters and on falling behind", () => {
        const alarms = ofType(d, "aws:cloudwatch/metricAlarm:MetricAlarm");
        for (const m of mappings()) {
            const queue = one(d, "aws:sqs/queue:Queue", q => q.state.arn === m.inputs.destinationConfig.onFailure.destinationArn);
            assert.equal(alarms.filter(a => a.inputs.metricName === "ApproximateNumberOfMessagesVisible" && a.inputs.dimensions.QueueName === queue.state.name).length, 1);
            assert.equal(alarms.filter(a => a.inputs.metricName === "IteratorAge" && a.inputs.dimensions.FunctionName === m.inputs.functionName).length, 1);
        }
        const topic = one(d, "aws:sns/topic:Topic");
        for (const alarm of alarms) {
            assert.deepEqual(alarm.inputs.alarmActions, [topic.state.arn]);
        }
    });
});

describe("the archive", () => {
    const bucket = () => one(d, "aws:s3/bucket:Bucket", b => /archive/.test(b.name) && !/results/.test(b.name)).state.arn;

    it("has its Parquet objects written by the archive consumer under events/ only, beside Firehose's parquet/", () => {
        const fn = functionNamed(d, "-archive");
        assert.equal(fn.inputs.environment.variables.Consumers__Enabled, "archive");
        assert.equal(fn.inputs.environment.variables.Aws__S3__ArchivePrefix, "events/");
        const p = permissionsOfFunction(d, fn);
        assert.ok(allows(p, "s3:PutObject", `${bucket()}/events/dt=2026-11-21/hour=03/events-1.parquet`));
        assert.ok(!allows(p, "s3:PutObject", `${bucket()}/parquet/dt=2026-11-21/hour=03/part-1.parquet`));
        assert.ok(!allows(p, "s3:GetObject", `${bucket()}/events/dt=2026-11-21/hour=03/events-1.parquet`));
        assert.ok(!allows(p, "s3:DeleteObject", `${bucket()}/events/dt=2026-11-21/hour=03/events-1.parquet`));
    });

    it("is read by the builder under events/ (and parquet/ for Athena), listing only those prefixes", () => {
        const p = permissionsOfFunction(d, functionNamed(d, "-dataset-builder"));
        assert.ok(allows(p, "s3:GetObject", `${bucket()}/events/dt=2026-11-21/hour=03/events-1.parquet`));
        assert.ok(!allows(p, "s3:GetObject", `${bucket()}/errors/format-conversion-failed/x`));
        assert.ok(!allows(p, "s3:PutObject", `${bucket()}/events/x`));
        const lists = p.filter(s => allows([s], "s3:ListBucket", bucket()));
        assert.ok(lists.length > 0);
        for (const s of lists) {
            assert.deepEqual(s.Condition?.StringLike?.["s3:prefix"], ["events/*", "parquet/*"]);
        }
    });

    const contract = JSON.parse(fs.readFileSync(path.join(repositoryRoot(), "datasets/schemas/playback-event-v1.json"), "utf8"));

    it("has a Glue table whose columns are the event contract's fields, in order", () => {
        const table = one(d, "aws:glue/catalogTable:CatalogTable");
        const columns: { name: string; type: string }[] = table.inputs.storageDescriptor.columns;
        assert.deepEqual(columns.map(c => c.name), contract.fields.map((f: { name: string }) => f.name));
    });

    it("types the columns as Athena reads them: structs, arrays and a map of doubles", () => {
        const table = one(d, "aws:glue/catalogTable:CatalogTable");
        const types = Object.fromEntries(table.inputs.storageDescriptor.columns.map((c: { name: string; type: string }) => [c.name, c.type]));
        assert.equal(types.event_id, "string");
        assert.equal(types.event_type, "string");
        assert.equal(types.ms_played, "bigint");
        assert.equal(types.context, "struct<type:string,uri:string>");
        assert.equal(types.track,
            "struct<name:string,artists:array<struct<id:string,name:string>>,album:string,genres:array<string>,release_year:int,audio_features:map<string,double>>");
    });

    it("is written by Firehose from the stream as Parquet, partitioned by date, with an error prefix", () => {
        const delivery = one(d, "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream");
        const stream = one(d, "aws:kinesis/stream:Stream");
        const table = one(d, "aws:glue/catalogTable:CatalogTable");
        const s3 = delivery.inputs.extendedS3Configuration;
        assert.equal(delivery.inputs.kinesisSourceConfiguration.kinesisStreamArn, stream.state.arn);
        assert.equal(s3.dataFormatConversionConfiguration.enabled, true);
        assert.ok(s3.dataFormatConversionConfiguration.outputFormatConfiguration.serializer.parquetSerDe);
        assert.equal(s3.dataFormatConversionConfiguration.schemaConfiguration.tableName, table.inputs.name);
        assert.equal(s3.prefix, "parquet/dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/");
        assert.match(table.inputs.storageDescriptor.location, /^s3:\/\/[^/]+\/parquet\/$/, "Athena reads only the Parquet prefix");
        assert.match(s3.errorOutputPrefix, /^errors\/!\{firehose:error-output-type\}\//);
        assert.ok(s3.bufferingSize >= 64, "Parquet conversion needs buffers of 64 MiB or more");
        assert.equal(table.inputs.parameters["storage.location.template"], `${table.inputs.storageDescriptor.location}dt=\${dt}/hour=\${hour}/`);
    });

    it("has an Athena workgroup with the marts of analytics/ as named queries, composed from the one copy of the SQL", () => {
        const workgroup = one(d, "aws:athena/workgroup:Workgroup");
        const queries = ofType(d, "aws:athena/namedQuery:NamedQuery");
        const models = readAnalyticsModels();
        const marts = models.filter(m => m.layer === "marts");
        assert.equal(queries.length, marts.length);
        assert.ok(queries.length >= 8);
        for (const mart of marts) {
            const q = one(d, "aws:athena/namedQuery:NamedQuery", n => n.inputs.name === mart.name.replace(/_/g, "-"));
            assert.equal(q.inputs.workgroup, workgroup.inputs.name);
            assert.equal(q.inputs.query, composeMart(models, mart.name, namedQueryParameters));
            assert.match(q.inputs.query, /^WITH stg_playback_events AS \(/);
            assert.match(q.inputs.query, /FROM playback_events/);
            assert.doesNotMatch(q.inputs.query, /(?<![:\w]):[a-z_]+\b/, `${mart.name} has a parameter left`);
            assert.equal(q.inputs.description, mart.description);
        }
        assert.equal(workgroup.inputs.configuration.enforceWorkgroupConfiguration, true);
    });

    it("composes every mart to the text Recommender.Core's AnalyticsModels.Compose gives (analytics/composed.json, which its test checks too)", () => {
        const composed = JSON.parse(fs.readFileSync(path.join(repositoryRoot(), "analytics", "composed.json"), "utf8")) as
            { parameters: Record<string, string>; marts: Record<string, string> };
        const models = readAnalyticsModels();
        const marts = models.filter(m => m.layer === "marts").map(m => m.name).sort();
        assert.deepEqual(Object.keys(composed.marts).sort(), marts);
        for (const mart of marts) {
            assert.equal(composeMart(models, mart, composed.parameters), composed.marts[mart], `${mart} composes differently in C# and TypeScript`);
        }
    });

    it("composes a mart after the models it needs, in dependency order", () => {
        const sql = composeMart(readAnalyticsModels(), "sessions", namedQueryParameters);
        const positions = ["stg_playback_events AS (", "int_track_catalog AS (", "int_plays AS (", "int_sessions AS ("].map(s => sql.indexOf(s));
        assert.ok(positions.every(p => p >= 0));
        assert.deepEqual(positions, [...positions].sort((a, b) => a - b));
        assert.throws(() => composeMart([{ name: "a", layer: "marts", description: "a", sql: "SELECT :nonsense" }], "a", namedQueryParameters), /:nonsense/);
    });

    it("lets the recommendations API run the reports on Athena and nothing more of the archive", () => {
        const statements = permissionsOfFunction(d, functionNamed(d, "-recommendations-api"));
        const query = list(statements.find(s => s.Sid === "QueryArchive")?.Resource);
        assert.equal(query.length, 1, "the API may query Athena in one workgroup");
        assert.match(query[0], /:workgroup\//);
        const parquet = list(statements.find(s => s.Sid === "ReadParquet")?.Resource);
        assert.ok(parquet.length > 0 && parquet.every(r => r.endsWith("/parquet/*")));
    });
});

describe("the builder's schedule", () => {
    it("fires daily and invokes the builder through a role that may invoke only it", () => {
        const builder = functionNamed(d, "-dataset-builder");
        const daily = one(d, "aws:scheduler/schedule:Schedule", s => s.inputs.name.endsWith("-daily-build"));
        assert.match(daily.inputs.scheduleExpression, /^cron\(\d{1,2} \d{1,2} \* \* \? \*\)$/);
        assert.equal(daily.inputs.scheduleExpression, "cron(0 3 * * ? *)");
        assert.equal(daily.inputs.target.arn, builder.state.arn);
        assert.deepEqual(JSON.parse(daily.inputs.target.input), { action: "build" });
        const role = one(d, "aws:iam/role:Role", r => r.state.arn === daily.inputs.target.roleArn);
        const statements = ofType(d, "aws:iam/rolePolicy:RolePolicy").filter(p => p.inputs.role === role.id).flatMap(p => statementsOf(p.inputs.policy));
        assert.deepEqual(statements.map(s => [s.Action, s.Resource]), [[["lambda:InvokeFunction"], [builder.state.arn]]]);
    });

    it("runs one build at a time", () => {
        assert.equal(functionNamed(d, "-dataset-builder").inputs.reservedConcurrentExecutions, 1);
    });
});

describe("Personalize", () => {
    it("has the three schemas exactly as kept in datasets/schemas", () => {
        const schemas = ofType(d, "aws-native:personalize:Schema");
        assert.equal(schemas.length, 3);
        for (const kind of ["interactions", "users", "items"]) {
            const file = JSON.parse(fs.readFileSync(path.join(repositoryRoot(), `datasets/schemas/${kind}.json`), "utf8"));
            const schema = one(d, "aws-native:personalize:Schema", s => s.inputs.name === `recommender-test-${kind}`);
            assert.deepEqual(JSON.parse(schema.inputs.schema), file);
        }
    });

    it("has one dataset of each type in the dataset group, each on its schema", () => {
        const group = one(d, "aws-native:personalize:DatasetGroup");
        const datasets = ofType(d, "aws-native:personalize:Dataset");
        assert.deepEqual(datasets.map(x => x.inputs.datasetType).sort(), ["Interactions", "Items", "Users"]);
        for (const dataset of datasets) {
            assert.equal(dataset.inputs.datasetGroupArn, group.state.datasetGroupArn);
            const schema = one(d, "aws-native:personalize:Schema", s => s.state.schemaArn === dataset.inputs.schemaArn);
            assert.equal(schema.inputs.name.split("-").pop(), dataset.inputs.datasetType.toLowerCase());
        }
    });

    it("reads the datasets bucket through a role only Personalize can assume", () => {
        const datasetsBucket = d.outputs.datasetsBucketName;
        const bucket = one(d, "aws:s3/bucket:Bucket", b => b.state.bucket === datasetsBucket);
        const roleArn = functionNamed(d, "-dataset-builder").inputs.environment.variables.Aws__Personalize__RoleArn;
        const role = one(d, "aws:iam/role:Role", r => r.state.arn === roleArn);
        const trust = statementsOf(role.inputs.assumeRolePolicy);
        assert.deepEqual(trust.map(s => s.Principal), [{ Service: "personalize.amazonaws.com" }]);
        assert.deepEqual(trust[0].Condition, {
            StringEquals: { "aws:SourceAccount": "123456789012" },
            ArnLike: { "aws:SourceArn": "arn:aws:personalize:eu-west-1:123456789012:*" },
        });
        const statements = ofType(d, "aws:iam/rolePolicy:RolePolicy").filter(p => p.inputs.role === role.id).flatMap(p => statementsOf(p.inputs.policy));
        assert.ok(allows(statements, "s3:GetObject", `${bucket.state.arn}/runs/1/interactions.csv`));
        assert.ok(!allows(statements, "s3:PutObject", `${bucket.state.arn}/runs/1/interactions.csv`));
        const bucketPolicy = one(d, "aws:s3/bucketPolicy:BucketPolicy", p => p.inputs.bucket === bucket.id);
        assert.ok(allows(statementsOf(bucketPolicy.inputs.policy), "s3:GetObject", `${bucket.state.arn}/x.csv`));
    });

    it("has an event tracker whose tracking id the services get, and solutions for both campaigns", () => {
        const tracker = one(d, "aws-native:personalize:EventTracker");
        assert.equal(tracker.state.trackingId, "tracking-0000");
        const recipes = ofType(d, "aws-native:personalize:Solution").map(s => s.inputs.recipeArn).sort();
        assert.deepEqual(recipes, ["arn:aws:personalize:::recipe/aws-sims", "arn:aws:personalize:::recipe/aws-user-personalization-v2"]);
    });

    it("trains both solutions on complete events only, so skips and dislikes never count as interest", () => {
        const solutions = ofType(d, "aws-native:personalize:Solution");
        assert.equal(solutions.length, 2);
        for (const s of solutions) assert.equal(s.inputs.eventType, "complete");
    });
});

describe("the HTTP APIs", () => {
    it("route producers' POST /v1/events and clients' recommendation reads, every route but Spotify's callback behind an API key", () => {
        const routes = ofType(d, "aws:apigatewayv2/route:Route");
        const keys = routes.map(r => r.inputs.routeKey);
        assert.ok(keys.includes("POST /v1/events"));
        assert.ok(keys.includes("GET /v1/recommendations"));
        assert.ok(keys.includes("GET /v1/tracks/{trackId}/related"));
        for (const route of routes.filter(r => r.inputs.routeKey !== "GET /v1/spotify/callback")) {
            assert.equal(route.inputs.authorizationType, "CUSTOM", route.inputs.routeKey);
            assert.ok(route.inputs.authorizerId, route.inputs.routeKey);
        }
        for (const authorizer of ofType(d, "aws:apigatewayv2/authorizer:Authorizer")) {
            assert.deepEqual(authorizer.inputs.identitySources, ["$request.header.x-api-key"]);
        }
    });

    it("hold each caller to its key's scopes and user: the functions behind them take the caller from the authorizer", () => {
        for (const name of ["-ingestion-api", "-recommendations-api", "-spotify-links"]) {
            const variables = functionNamed(d, name).inputs.environment.variables;
            assert.equal(variables.Security__TrustApiGatewayAuthorizer, "true", name);
        }
    });

    it("throttle every stage", () => {
        const stages = ofType(d, "aws:apigatewayv2/stage:Stage");
        assert.equal(stages.length, 3, "ingestion, recommendations, Spotify links");
        for (const stage of stages) {
            assert.ok(stage.inputs.defaultRouteSettings.throttlingRateLimit > 0);
            assert.ok(stage.inputs.defaultRouteSettings.throttlingBurstLimit > 0);
        }
    });

    it("are exported with the stream, table and bucket names", () => {
        for (const key of ["ingestionApiUrl", "recommendationsApiUrl", "streamName", "profileTableName", "runsTableName", "archiveBucketName", "datasetsBucketName"]) {
            assert.ok(typeof d.outputs[key] === "string" && (d.outputs[key] as string).length > 0, key);
        }
        assert.equal(d.outputs.streamName, "recommender-test-events");
        assert.equal(d.outputs.runsTableName, "recommender-test-builder-runs");
    });
});
