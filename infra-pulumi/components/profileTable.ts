import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";

export interface ProfileTableArgs {
    tableName: string;
}

/** Partition key of the profile table: one item per listener. */
export const profileKey = "user_id";
/** Epoch seconds after which DynamoDB may drop an item (profiles of listeners gone for long). */
export const profileTtlAttribute = "expires_at";

/** DynamoDB table of listener profiles, written by the profile aggregator. */
export class ProfileTable extends pulumi.ComponentResource {
    readonly table: aws.dynamodb.Table;

    constructor(name: string, args: ProfileTableArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:storage:ProfileTable", name, {}, opts);

        this.table = new aws.dynamodb.Table(name, {
            name: args.tableName,
            billingMode: "PAY_PER_REQUEST",
            hashKey: profileKey,
            attributes: [{ name: profileKey, type: "S" }],
            pointInTimeRecovery: { enabled: true },
            serverSideEncryption: { enabled: true },
            ttl: { attributeName: profileTtlAttribute, enabled: true },
        }, { parent: this });

        this.registerOutputs({ tableName: this.table.name, tableArn: this.table.arn });
    }
}
