// API key check for the HTTP APIs (a Lambda REQUEST authorizer, payload 2.0, simple responses).
// The secret holds {"keys": {"<client name>": "<key>", ...}}; several keys allow rotation without downtime.
import { createHash, timingSafeEqual } from "node:crypto";

const digest = value => createHash("sha256").update(value, "utf8").digest();

/** Parses the secret into named key digests; throws on a malformed secret so no request is let through by mistake. */
export function parseKeys(secretString) {
    const parsed = JSON.parse(secretString);
    const keys = parsed?.keys;
    if (keys === null || typeof keys !== "object" || Array.isArray(keys)) {
        throw new Error('api key secret must be {"keys": {"<client>": "<key>"}}');
    }
    return Object.entries(keys)
        .filter(([, key]) => typeof key === "string" && key.length >= 32)
        .map(([client, key]) => ({ client, digest: digest(key) }));
}

/** The client whose key matches, comparing digests in constant time; undefined when none does. */
export function matchKey(keys, presented) {
    if (typeof presented !== "string" || presented.length === 0) {
        return undefined;
    }
    const candidate = digest(presented);
    let found;
    for (const key of keys) {
        if (timingSafeEqual(key.digest, candidate)) {
            found = key.client;
        }
    }
    return found;
}

/** Builds the handler around a loader of the secret's text; keys are cached per container for cacheMs. */
export function createHandler(loadSecret, cacheMs = 300_000, now = () => Date.now()) {
    let cached;
    return async event => {
        if (cached === undefined || now() - cached.at > cacheMs) {
            cached = { at: now(), keys: parseKeys(await loadSecret()) };
        }
        const presented = event?.headers?.["x-api-key"];
        const client = matchKey(cached.keys, presented);
        return client === undefined ? { isAuthorized: false } : { isAuthorized: true, context: { client } };
    };
}
