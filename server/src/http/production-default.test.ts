import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildStore, randomPhone } from "../test/factories.js";
import { TEST_BUNDLE_DIR } from "../test/admin-bundle-dir.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { createApp } from "../main/app.js";

/**
 * A server whose environment says nothing about NODE_ENV (an empty variable
 * is unset, as in compose files) behaves as production: the development
 * helpers are not there, and shoppers cannot pay through the sandbox.
 */
const test = useTestPlatform({
  NODE_ENV: "",
  JWT_SECRET: randomBytes(48).toString("base64"),
  PAYMENT_SECRET_KEY: randomBytes(48).toString("base64"),
  EMALLS_TOKEN_SECRET: randomBytes(48).toString("base64"),
  ADMIN_JS_TMP_DIR: TEST_BUNDLE_DIR,
});
let server: TestServer;
beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server?.close());

describe("a server started without NODE_ENV", () => {
  it("is production: no /dev/last-otp, even with the console SMS driver", async () => {
    expect(test.config.NODE_ENV).toBe("production");
    const phone = randomPhone();
    expect((await server.request("POST", "/api/v1/auth/send-otp", { body: { phone } })).status).toBe(202);
    const helper = await server.request("GET", `/api/v1/dev/last-otp?phone=${encodeURIComponent(phone)}`);
    expect(helper.status).toBe(404);
    // No code in the answer (the request id, a random UUID, may hold six digits in a row by chance).
    expect(helper.text.replace(/"requestId":"[^"]*"/, "")).not.toMatch(/\d{6}/);
  });

  it("offers shoppers no sandbox gateway", async () => {
    const store = await buildStore(test.platform.dataSource);
    const gateways = await server.request("GET", "/api/v1/payment-gateways", { host: `${store.slug}.${test.config.PLATFORM_DOMAIN}` });
    expect(gateways.status).toBe(200);
    expect(gateways.body.items.map((g: { gateway: string }) => g.gateway)).not.toContain("sandbox");
  });
});
