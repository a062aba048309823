import * as pulumi from "@pulumi/pulumi";
import { KeyedTable } from "./profileTable";

export interface CatalogTableArgs {
    tableName: string;
}

/** Partition key of the catalog table: one item per track. */
export const catalogKey = "track_id";

/**
 * The track catalog (names, artists, genres, audio features): filled by `catalog import` and, for what it lacks, by the
 * profile aggregator from event metadata; read by the recommendations API (names in answers) and the dataset builder (ITEMS).
 */
export class CatalogTable extends KeyedTable {
    constructor(name: string, args: CatalogTableArgs, opts?: pulumi.ComponentResourceOptions) {
        super("recommender:storage:CatalogTable", name, { tableName: args.tableName, hashKey: catalogKey }, opts);
    }
}
