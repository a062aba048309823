import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { archiveColumns, glueType } from "../eventContract";

describe("Avro to Glue types", () => {
    it("maps primitives to their Hive names", () => {
        assert.equal(glueType("long"), "bigint");
        assert.equal(glueType("int"), "int");
        assert.equal(glueType("double"), "double");
        assert.equal(glueType(["null", "boolean"]), "boolean");
    });

    it("nests records, arrays and maps", () => {
        const nested = {
            type: "record",
            fields: [
                { name: "tags", type: { type: "array", items: "string" } },
                { name: "scores", type: ["null", { type: "map", values: "double" }] },
            ],
        };
        assert.equal(glueType(nested), "struct<tags:array<string>,scores:map<string,double>>");
    });

    it("refuses what it cannot map rather than guessing", () => {
        assert.throws(() => glueType("fixed"), /no Glue mapping/);
        assert.throws(() => glueType(["null", "string", "long"]), /must be one type or null/);
    });

    it("reads the archived contract from the repository", () => {
        const columns = archiveColumns();
        assert.equal(columns[0].name, "event_id");
        assert.ok(columns.some(c => c.name === "occurred_at" && c.type === "string"));
    });
});
