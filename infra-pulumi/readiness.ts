import * as pulumi from "@pulumi/pulumi";
import { PolicyStatement, allow } from "./iam";
import { readRepositoryJson } from "./repoPaths";

/** The AWS dependencies each service's /readyz checks (Mode=Aws); the services embed the same file. */
export const readinessFile = "datasets/deployment/readiness.json";

export interface ReadinessDefinition {
    dependencies: Record<string, { operation: string; action: string; setting: string }>;
    services: Record<string, string[]>;
}

export function readinessDefinition(): ReadinessDefinition {
    return readRepositoryJson(readinessFile) as ReadinessDefinition;
}

/** The resource of each dependency the definition names, by its name there ("profile-table"). */
export type DependencyArns = Record<string, pulumi.Input<string>>;

/** "profile-table" becomes the statement id "ReadyProfileTable". */
export const readinessSid = (dependency: string) =>
    "Ready" + dependency.split("-").map(w => w.charAt(0).toUpperCase() + w.slice(1)).join("");

/**
 * What a service's readiness checks may call: per dependency it declares, its check's one read-only action on that resource
 * only, so /readyz can tell "missing or denied" from "ready" without the role gaining anything it could change data with.
 */
export function readinessPermissions(service: string, arns: DependencyArns): PolicyStatement[] {
    const definition = readinessDefinition();
    const declared = definition.services[service];
    if (declared === undefined) {
        throw new Error(`${readinessFile} declares no service ${service}`);
    }
    return declared.map(name => {
        const dependency = definition.dependencies[name];
        const arn = arns[name];
        if (dependency === undefined || arn === undefined) {
            throw new Error(`${readinessFile}: ${service} depends on ${name}, which the program does not know`);
        }
        return allow([dependency.action], [arn], readinessSid(name));
    });
}
