import { readRepositoryJson } from "./repoPaths";

// The archived event contract (Avro JSON) is the single source of the Glue table's columns.
export const eventContractPath = "datasets/schemas/playback-event-v1.json";

type AvroType = string | AvroType[] | AvroComplex;
interface AvroComplex {
    type: string;
    fields?: AvroField[];
    items?: AvroType;
    values?: AvroType;
    symbols?: string[];
    logicalType?: string;
}
interface AvroField {
    name: string;
    type: AvroType;
}
interface AvroRecord {
    type: "record";
    name: string;
    fields: AvroField[];
}

export interface GlueColumn {
    name: string;
    type: string;
}

const primitives: Record<string, string> = {
    string: "string",
    int: "int",
    long: "bigint",
    float: "float",
    double: "double",
    boolean: "boolean",
    bytes: "binary",
};

/** Hive/Glue type for an Avro type; nullable unions map to their one non-null branch. */
export function glueType(type: AvroType): string {
    if (typeof type === "string") {
        const mapped = primitives[type];
        if (mapped === undefined) {
            throw new Error(`Avro type '${type}' has no Glue mapping`);
        }
        return mapped;
    }
    if (Array.isArray(type)) {
        const branches = type.filter(t => t !== "null");
        if (branches.length !== 1) {
            throw new Error(`Avro union ${JSON.stringify(type)} must be one type or null`);
        }
        return glueType(branches[0]);
    }
    switch (type.type) {
        case "record":
            return `struct<${(type.fields ?? []).map(f => `${f.name}:${glueType(f.type)}`).join(",")}>`;
        case "array":
            return `array<${glueType(required(type.items, "array items"))}>`;
        case "map":
            return `map<string,${glueType(required(type.values, "map values"))}>`;
        case "enum":
            return "string";
        case "string":
            // RFC 3339 times stay strings: Firehose's JSON deserializer cannot parse every offset form; Athena reads them with from_iso8601_timestamp.
            return "string";
        default:
            return glueType(type.type);
    }
}

function required<T>(value: T | undefined, what: string): T {
    if (value === undefined) {
        throw new Error(`Avro ${what} missing`);
    }
    return value;
}

export function readEventContract(): AvroRecord {
    const schema = readRepositoryJson(eventContractPath) as AvroRecord;
    if (schema.type !== "record" || !Array.isArray(schema.fields)) {
        throw new Error(`${eventContractPath} is not an Avro record schema`);
    }
    return schema;
}

export function archiveColumns(schema: AvroRecord = readEventContract()): GlueColumn[] {
    return schema.fields.map(f => ({ name: f.name, type: glueType(f.type) }));
}
