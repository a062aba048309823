import * as fs from "fs";
import * as path from "path";

// The program runs from infra-pulumi/ under ts-node and from bin-test/ in the unit tests, so the
// repository root is found by walking up to Pulumi.yaml instead of a fixed "..".
export function repositoryRoot(start: string = __dirname): string {
    let dir = path.resolve(start);
    for (;;) {
        if (fs.existsSync(path.join(dir, "Pulumi.yaml"))) {
            return dir;
        }
        const parent = path.dirname(dir);
        if (parent === dir) {
            throw new Error(`Pulumi.yaml not found above ${start}: the program must live in the recommender repository`);
        }
        dir = parent;
    }
}

/** Resolves a path from stack configuration: absolute as given, relative against the repository root. */
export function fromRepositoryRoot(p: string): string {
    return path.isAbsolute(p) ? p : path.join(repositoryRoot(), p);
}

export function readRepositoryJson(relativePath: string): unknown {
    return JSON.parse(fs.readFileSync(fromRepositoryRoot(relativePath), "utf8"));
}
