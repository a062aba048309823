import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { repositoryRoot } from "../repoPaths";

const read = (p: string) => fs.readFileSync(path.join(repositoryRoot(), p), "utf8");

describe("the Pulumi project", () => {
    it("is a Node.js TypeScript program whose main is this directory", () => {
        const project = read("Pulumi.yaml");
        assert.match(project, /^runtime:\s*\n\s+name:\s*nodejs\s*$/m);
        assert.match(project, /^main:\s*infra-pulumi\/?\s*$/m);
        assert.ok(!/typescript:\s*false/.test(project), "TypeScript must not be turned off");
    });

    it("enters at index.ts with TypeScript and the Pulumi SDK pinned to exact versions", () => {
        const pkg = JSON.parse(read("infra-pulumi/package.json"));
        assert.equal(pkg.main, "index.ts");
        assert.ok(fs.existsSync(path.join(repositoryRoot(), "infra-pulumi", pkg.main)));
        for (const [name, version] of Object.entries({ ...pkg.dependencies, ...pkg.devDependencies })) {
            assert.match(String(version), /^\d+\.\d+\.\d+$/, `${name} is not pinned`);
        }
        assert.ok(pkg.devDependencies.typescript, "Pulumi compiles index.ts with the program's own TypeScript");
    });

    it("type-checks in strict mode", () => {
        const tsconfig = JSON.parse(read("infra-pulumi/tsconfig.json"));
        assert.equal(tsconfig.compilerOptions.strict, true);
    });
});
