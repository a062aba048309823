// API key check for the HTTP APIs (a Lambda REQUEST authorizer, payload 2.0, simple responses).
// The secret is what `keys export` of the all-in-one host prints: {"keys": {"<key id>": {"sha256", "scopes", "user_id"?, "name"?}}},
// digests only, never a key. The app holds the caller this returns to the endpoint's scope and to its own user.
import { createHash, timingSafeEqual } from "node:crypto";

const scopeNames = new Set(["ingest", "read", "admin"]);
// rk_<12 hex id>_<43 base64url chars>: the id finds the entry, the digest of the whole text is compared (ApiKeySecret.cs).
const keyShape = /^rk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;
// Compared when the presented id is unknown, so a miss costs what a hit does.
const decoy = Buffer.alloc(32);

const digest = value => createHash("sha256").update(value, "utf8").digest();

function malformed(why) {
    return new Error(`api key secret must be the output of \`keys export\`: ${why}`);
}

/** Parses the secret into key entries by id; throws on anything malformed, so no request is let through by mistake. */
export function parseKeys(secretString) {
    const parsed = JSON.parse(secretString);
    const keys = parsed?.keys;
    if (keys === null || typeof keys !== "object" || Array.isArray(keys)) {
        throw malformed('{"keys": {...}} expected');
    }
    const byId = new Map();
    for (const [keyId, entry] of Object.entries(keys)) {
        if (!/^[0-9a-f]{12}$/.test(keyId)) throw malformed(`"${keyId}" is not a key id (12 lower-case hex digits)`);
        if (typeof entry?.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(entry.sha256)) throw malformed(`key ${keyId} has no sha256 of 64 hex digits`);
        const scopes = typeof entry.scopes === "string" ? entry.scopes.split(",").map(s => s.trim()).filter(s => s.length > 0) : [];
        if (scopes.length === 0 || scopes.some(s => !scopeNames.has(s))) throw malformed(`key ${keyId} has scopes other than ingest, read, admin`);
        const userId = entry.user_id;
        if (userId !== undefined && (typeof userId !== "string" || userId.length === 0 || userId.length > 256)) {
            throw malformed(`key ${keyId} has a user_id that is not 1-256 characters`);
        }
        if (userId !== undefined && scopes.includes("admin")) throw malformed(`key ${keyId} is an admin key bound to a user`);
        byId.set(keyId, { keyId, digest: Buffer.from(entry.sha256, "hex"), scopes: scopes.join(","), userId });
    }
    return byId;
}

/** The entry of the presented key when its digest matches (compared in constant time); undefined otherwise. */
export function matchKey(keys, presented) {
    if (typeof presented !== "string") return undefined;
    const shape = keyShape.exec(presented);
    if (shape === null) return undefined;
    const entry = keys.get(shape[1]);
    const matches = timingSafeEqual(entry?.digest ?? decoy, digest(presented));
    return entry !== undefined && matches ? entry : undefined;
}

/** What the app reads from requestContext.authorizer.lambda (GatewayContext.cs): the key's id, scopes and bound user. */
export function callerContext(entry) {
    const context = { key_id: entry.keyId, scopes: entry.scopes };
    if (entry.userId !== undefined) context.user_id = entry.userId;
    return context;
}

/** Builds the handler around a loader of the secret's text; keys are cached per container for cacheMs. */
export function createHandler(loadSecret, cacheMs = 300_000, now = () => Date.now()) {
    let cached;
    return async event => {
        if (cached === undefined || now() - cached.at > cacheMs) {
            cached = { at: now(), keys: parseKeys(await loadSecret()) };
        }
        const entry = matchKey(cached.keys, event?.headers?.["x-api-key"]);
        return entry === undefined ? { isAuthorized: false } : { isAuthorized: true, context: callerContext(entry) };
    };
}
