import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ProfileTableArgs {
    tableName: string;
}

/** Partition key of the profile table: one item per listener. */
export const profileKey = "user_id";
/** Epoch seconds after which DynamoDB may drop an item (profiles of listeners gone for long). */
export const profileTtlAttribute = "expires_at";

export interface KeyedTableArgs {
    tableName: string;
    /** Partition key (a string); no sort key. */
    hashKey: string;
    ttlAttribute?: string;
}

/**
 * A DynamoDB table keyed by one string attribute: pay per request, point-in-time recovery, encrypted.
 * Each table is a component of its own type, so its resource name and parent stay as they were deployed.
 */
export abstract class KeyedTable extends pulumi.ComponentResource {
    readonly table: aws.dynamodb.Table;

    protected constructor(type: string, name: string, args: KeyedTableArgs, opts?: pulumi.ComponentResourceOptions) {
        super(type, name, {}, opts);

        this.table = new aws.dynamodb.Table(name, {
            name: args.tableName,
            billingMode: "PAY_PER_REQUEST",
            hashKey: args.hashKey,
            attributes: [{ name: args.hashKey, type: "S" }],
            pointInTimeRecovery: { enabled: true },
            serverSideEncryption: { enabled: true },
            ...(args.ttlAttribute === undefined ? {} : { ttl: { attributeName: args.ttlAttribute, enabled: true } }),
        }, { parent: this });

        this.registerOutputs({ tableName: this.table.name, tableArn: this.table.arn });
    }
}

/** DynamoDB table of listener profiles, written by the profile aggregator. */
export class ProfileTable extends KeyedTable {
    constructor(name: string, args: ProfileTableArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:storage:ProfileTable", name, { tableName: args.tableName, hashKey: profileKey, ttlAttribute: profileTtlAttribute }, opts);
    }
}
