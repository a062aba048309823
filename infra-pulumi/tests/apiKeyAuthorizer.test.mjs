import * as assert from "node:assert/strict";
import { describe, it } from "node:test";
import { createHandler, matchKey, parseKeys } from "../authorizer/handler.mjs";

const key = "k".repeat(40);
const secret = JSON.stringify({ keys: { "alice-laptop": key, "short-one": "tooshort" } });
const request = apiKey => ({ headers: apiKey === undefined ? {} : { "x-api-key": apiKey } });

describe("the API key authorizer", () => {
    it("lets a known key through and names its client", async () => {
        const handler = createHandler(async () => secret);
        assert.deepEqual(await handler(request(key)), { isAuthorized: true, context: { client: "alice-laptop" } });
    });

    it("refuses a wrong, missing or too short key", async () => {
        const handler = createHandler(async () => secret);
        assert.deepEqual(await handler(request("x".repeat(40))), { isAuthorized: false });
        assert.deepEqual(await handler(request(undefined)), { isAuthorized: false });
        assert.deepEqual(await handler(request("tooshort")), { isAuthorized: false });
    });

    it("fails closed on a malformed secret", async () => {
        assert.throws(() => parseKeys(JSON.stringify(["a"])), /must be/);
        const handler = createHandler(async () => "not json");
        await assert.rejects(handler(request(key)));
    });

    it("reloads the keys after the cache time, so a rotated key takes effect", async () => {
        let now = 0;
        let current = secret;
        const handler = createHandler(async () => current, 1000, () => now);
        assert.equal((await handler(request(key))).isAuthorized, true);
        current = JSON.stringify({ keys: { rotated: "r".repeat(40) } });
        assert.equal((await handler(request(key))).isAuthorized, true, "still cached");
        now = 2000;
        assert.equal((await handler(request(key))).isAuthorized, false);
        assert.equal(matchKey(parseKeys(current), "r".repeat(40)), "rotated");
    });
});
