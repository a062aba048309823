import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { composeMart, namedQueryParameters, readAnalyticsModels } from "../analyticsSql";
import { archiveColumns } from "../eventContract";
import { DeploymentScope, allow, policyDocument, scopedArn, serviceTrust } from "../iam";
import { SecureBucket } from "./secureBucket";

export interface EventArchiveArgs {
    namePrefix: string;
    scope: DeploymentScope;
    streamArn: pulumi.Input<string>;
    streamKeyArn: pulumi.Input<string>;
    glacierAfterDays: number;
    bufferSeconds: number;
    bufferMb: number;
    athenaResultsExpireDays: number;
    logRetentionDays: number;
}

/** Where Firehose writes Parquet (the Glue table's location, queried by Athena), in the dt=/hour= layout of the local file archive. */
export const parquetPrefix = "parquet/";
/** Where the archive consumer writes gzipped JSON lines (Aws:S3:ArchivePrefix), which the dataset builder reads; beside, never under, the Parquet. */
export const jsonLinesPrefix = "events/";
export const archiveTableName = "playback_events";

/** The marts of analytics/ (the SQL the services run too), one named query each: the last 30 days, everyone. */
export function listeningReports(): { name: string; description: string; sql: string }[] {
    const models = readAnalyticsModels();
    return models.filter(m => m.layer === "marts").map(m => ({
        name: m.name.replace(/_/g, "-"),
        description: m.description,
        sql: composeMart(models, m.name, namedQueryParameters),
    }));
}

/** Firehose from the stream to Parquet in S3 (Glue table from the event contract), Glacier lifecycle, Athena reports. */
export class EventArchive extends pulumi.ComponentResource {
    readonly bucket: SecureBucket;
    readonly resultsBucket: SecureBucket;
    readonly database: aws.glue.CatalogDatabase;
    readonly table: aws.glue.CatalogTable;
    readonly workgroup: aws.athena.Workgroup;
    readonly deliveryStream: aws.kinesis.FirehoseDeliveryStream;

    constructor(name: string, args: EventArchiveArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:archive:EventArchive", name, {}, opts);
        const child = { parent: this };

        this.bucket = new SecureBucket(`${name}-bucket`, { glacierAfterDays: args.glacierAfterDays }, child);
        this.resultsBucket = new SecureBucket(`${name}-athena-results`, {
            expireAfterDays: args.athenaResultsExpireDays,
            forceDestroy: true,
        }, child);

        // Glue names allow neither '-' nor capitals.
        this.database = new aws.glue.CatalogDatabase(`${name}-db`, {
            name: `${args.namePrefix.replace(/-/g, "_")}_archive`,
            description: "Archived playback events (event contract v1)",
        }, child);

        const location = pulumi.interpolate`s3://${this.bucket.name}/${parquetPrefix}`;
        this.table = new aws.glue.CatalogTable(`${name}-table`, {
            name: archiveTableName,
            databaseName: this.database.name,
            tableType: "EXTERNAL_TABLE",
            parameters: {
                classification: "parquet",
                // Partition projection: Athena computes partitions from dates, so nothing has to add them.
                "projection.enabled": "true",
                "projection.dt.type": "date",
                "projection.dt.format": "yyyy-MM-dd",
                "projection.dt.range": "2024-01-01,NOW",
                "projection.dt.interval": "1",
                "projection.dt.interval.unit": "DAYS",
                "projection.hour.type": "integer",
                "projection.hour.range": "0,23",
                "projection.hour.digits": "2",
                "storage.location.template": pulumi.interpolate`${location}dt=\${dt}/hour=\${hour}/`,
            },
            partitionKeys: [{ name: "dt", type: "string" }, { name: "hour", type: "string" }],
            storageDescriptor: {
                location,
                inputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetInputFormat",
                outputFormat: "org.apache.hadoop.hive.ql.io.parquet.MapredParquetOutputFormat",
                serDeInfo: { serializationLibrary: "org.apache.hadoop.hive.ql.io.parquet.serde.ParquetHiveSerDe" },
                columns: archiveColumns(),
            },
        }, child);

        const deliveryName = `${args.namePrefix}-archive`;
        const deliveryLogs = new aws.cloudwatch.LogGroup(`${name}-delivery-logs`, {
            name: `/aws/kinesisfirehose/${deliveryName}`,
            retentionInDays: args.logRetentionDays,
        }, child);
        const deliveryLogStream = new aws.cloudwatch.LogStream(`${name}-delivery-log-stream`, {
            name: "S3Delivery",
            logGroupName: deliveryLogs.name,
        }, child);

        const role = new aws.iam.Role(`${name}-delivery-role`, {
            description: `Firehose ${deliveryName}: reads the event stream, writes the archive`,
            assumeRolePolicy: serviceTrust("firehose.amazonaws.com"),
        }, child);
        const glueArn = (resource: pulumi.Input<string>) => scopedArn(args.scope, "glue", resource);
        const rolePolicy = new aws.iam.RolePolicy(`${name}-delivery-permissions`, {
            role: role.id,
            policy: policyDocument([
                allow(["kinesis:DescribeStream", "kinesis:DescribeStreamSummary", "kinesis:GetShardIterator", "kinesis:GetRecords", "kinesis:ListShards"],
                    [args.streamArn], "ReadStream"),
                allow(["kms:Decrypt"], [args.streamKeyArn], "DecryptStream"),
                allow(["s3:GetBucketLocation", "s3:ListBucket", "s3:ListBucketMultipartUploads"], [this.bucket.arn], "ArchiveBucket"),
                allow(["s3:PutObject", "s3:GetObject", "s3:AbortMultipartUpload"], [pulumi.interpolate`${this.bucket.arn}/*`], "ArchiveObjects"),
                allow(["glue:GetTable", "glue:GetTableVersion", "glue:GetTableVersions"], [
                    glueArn("catalog"),
                    glueArn(pulumi.interpolate`database/${this.database.name}`),
                    glueArn(pulumi.interpolate`table/${this.database.name}/${archiveTableName}`),
                ], "ReadSchema"),
                allow(["logs:PutLogEvents"], [pulumi.interpolate`${deliveryLogs.arn}:*`], "DeliveryLogs"),
            ]),
        }, child);

        this.deliveryStream = new aws.kinesis.FirehoseDeliveryStream(`${name}-delivery`, {
            name: deliveryName,
            destination: "extended_s3",
            kinesisSourceConfiguration: { kinesisStreamArn: args.streamArn, roleArn: role.arn },
            extendedS3Configuration: {
                roleArn: role.arn,
                bucketArn: this.bucket.arn,
                prefix: `${parquetPrefix}dt=!{timestamp:yyyy-MM-dd}/hour=!{timestamp:HH}/`,
                errorOutputPrefix: "errors/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/",
                bufferingInterval: args.bufferSeconds,
                bufferingSize: args.bufferMb,
                // Parquet compresses its own pages; Firehose requires the outer format to stay uncompressed.
                compressionFormat: "UNCOMPRESSED",
                cloudwatchLoggingOptions: { enabled: true, logGroupName: deliveryLogs.name, logStreamName: deliveryLogStream.name },
                dataFormatConversionConfiguration: {
                    enabled: true,
                    inputFormatConfiguration: { deserializer: { openXJsonSerDe: {} } },
                    outputFormatConfiguration: { serializer: { parquetSerDe: { compression: "SNAPPY" } } },
                    schemaConfiguration: {
                        databaseName: this.database.name,
                        tableName: this.table.name,
                        roleArn: role.arn,
                        region: args.scope.region,
                    },
                },
            },
        }, { parent: this, dependsOn: [rolePolicy] });

        this.workgroup = new aws.athena.Workgroup(`${name}-workgroup`, {
            name: `${args.namePrefix}-reports`,
            forceDestroy: true,
            configuration: {
                enforceWorkgroupConfiguration: true,
                publishCloudwatchMetricsEnabled: true,
                bytesScannedCutoffPerQuery: 10 * 1024 * 1024 * 1024,
                resultConfiguration: {
                    outputLocation: pulumi.interpolate`s3://${this.resultsBucket.name}/results/`,
                    encryptionConfiguration: { encryptionOption: "SSE_S3" },
                },
            },
        }, child);

        for (const report of listeningReports()) {
            new aws.athena.NamedQuery(`${name}-${report.name}`, {
                name: report.name,
                description: report.description,
                database: this.database.name,
                workgroup: this.workgroup.name,
                query: report.sql,
            }, child);
        }

        this.registerOutputs({ bucketName: this.bucket.name, workgroup: this.workgroup.name });
    }
}
