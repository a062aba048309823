import * as assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { describe, it } from "node:test";
import { createHandler, matchKey, parseKeys } from "../authorizer/handler.mjs";

// Keys shaped as the keys verb makes them (rk_<12 hex id>_<43 base64url>); the secret holds only their digests, as `keys export` prints.
const keyText = (id, fill) => `rk_${id}_${fill.repeat(43)}`;
const sha256 = text => createHash("sha256").update(text, "utf8").digest("hex");
const producer = keyText("0123456789ab", "p");
const alice = keyText("a1a1a1a1a1a1", "a");
const secret = JSON.stringify({
    keys: {
        "0123456789ab": { sha256: sha256(producer), scopes: "ingest", name: "producer" },
        "a1a1a1a1a1a1": { sha256: sha256(alice), scopes: "ingest,read", user_id: "alice" },
    },
});
const request = apiKey => ({ headers: apiKey === undefined ? {} : { "x-api-key": apiKey } });

describe("the API key authorizer", () => {
    it("lets a known key through with its id and scopes for the app", async () => {
        const handler = createHandler(async () => secret);
        assert.deepEqual(await handler(request(producer)), { isAuthorized: true, context: { key_id: "0123456789ab", scopes: "ingest" } });
    });

    it("passes the user a key is bound to, so the app holds the key to that user", async () => {
        const handler = createHandler(async () => secret);
        assert.deepEqual(await handler(request(alice)),
            { isAuthorized: true, context: { key_id: "a1a1a1a1a1a1", scopes: "ingest,read", user_id: "alice" } });
    });

    it("refuses a wrong, missing or malformed key, and a known id with another secret", async () => {
        const handler = createHandler(async () => secret);
        assert.deepEqual(await handler(request(keyText("0123456789ab", "x"))), { isAuthorized: false });
        assert.deepEqual(await handler(request(keyText("ffffffffffff", "p"))), { isAuthorized: false });
        assert.deepEqual(await handler(request(undefined)), { isAuthorized: false });
        assert.deepEqual(await handler(request("tooshort")), { isAuthorized: false });
        assert.deepEqual(await handler(request(producer + "x")), { isAuthorized: false });
    });

    it("fails closed on a malformed secret", async () => {
        assert.throws(() => parseKeys(JSON.stringify(["a"])), /keys export/);
        assert.throws(() => parseKeys(JSON.stringify({ keys: { "my-laptop": "k".repeat(40) } })), /not a key id/);
        assert.throws(() => parseKeys(JSON.stringify({ keys: { "0123456789ab": { sha256: "00", scopes: "read" } } })), /sha256/);
        assert.throws(() => parseKeys(JSON.stringify({ keys: { "0123456789ab": { sha256: sha256(producer), scopes: "read,root" } } })), /scopes/);
        assert.throws(() => parseKeys(JSON.stringify({ keys: { "0123456789ab": { sha256: sha256(producer), scopes: "admin", user_id: "bob" } } })),
            /admin key bound/);
        const handler = createHandler(async () => "not json");
        await assert.rejects(handler(request(producer)));
    });

    it("reloads the keys after the cache time, so a revoked key stops working", async () => {
        let now = 0;
        let current = secret;
        const handler = createHandler(async () => current, 1000, () => now);
        assert.equal((await handler(request(producer))).isAuthorized, true);
        current = JSON.stringify({ keys: { "a1a1a1a1a1a1": JSON.parse(secret).keys["a1a1a1a1a1a1"] } });
        assert.equal((await handler(request(producer))).isAuthorized, true, "still cached");
        now = 2000;
        assert.equal((await handler(request(producer))).isAuthorized, false);
        assert.equal(matchKey(parseKeys(current), alice)?.userId, "alice");
    });
});
