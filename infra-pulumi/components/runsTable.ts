import * as pulumi from "@pulumi/pulumi";
import { KeyedTable } from "./profileTable";

export interface RunsTableArgs {
    tableName: string;
}

/** Partition key of the runs table: one item per build run (e.g. daily-YYYY-MM-DD). */
export const runsKey = "run_id";

/** The dataset builder's run ledger, kept outside the function so a run resumes after a cold start. */
export class RunsTable extends KeyedTable {
    constructor(name: string, args: RunsTableArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:storage:RunsTable", name, { tableName: args.tableName, hashKey: runsKey }, opts);
    }
}
