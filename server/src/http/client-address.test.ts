import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { OTP_LIMITS } from "../identity/otp-limits.js";
import { renderNginxConfig } from "../sites/nginx-config.js";
import { randomPhone } from "../test/factories.js";
import { freePort } from "../test/free-port.js";
import { httpClient, startTestServer, type TestServer } from "../test/http-client.js";
import { startNginx, type NginxServer } from "../test/nginx-server.js";
import { clearRateLimits } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import { createApp } from "../main/app.js";

/**
 * The deployment as docker-compose.yml runs it: the server's trust settings
 * from the compose file's environment, and Debian's nginx in front with the
 * proxy settings checked in under deploy/nginx. A client that writes its own
 * X-Forwarded-For must still be counted under the address nginx saw.
 */
const root = resolve(import.meta.dirname, "../../..");
const composeEnv = (parse(readFileSync(resolve(root, "docker-compose.yml"), "utf8")) as { "x-mall-env": Record<string, string> })[
  "x-mall-env"
];
const trust = Object.fromEntries(Object.entries(composeEnv).filter(([key]) => key.startsWith("TRUST_PROXY")));
const deployedProxySettings = readFileSync(resolve(root, "deploy/nginx/mall-proxy.conf"), "utf8");

const test = useTestPlatform(trust);
let app: TestServer;
let nginx: NginxServer;
let viaNginx: TestServer;

beforeAll(async () => {
  app = await startTestServer(createApp(test.platform));
  const port = await freePort();
  nginx = await startNginx(
    renderNginxConfig({ upstreams: [`127.0.0.1:${app.port}`], sitesDir: test.config.SITES_DIR, listen: `127.0.0.1:${port}` }),
    port,
    deployedProxySettings,
  );
  viaNginx = httpClient(port);
}, 60_000);
afterAll(async () => {
  await nginx?.stop();
  await app?.close();
});
beforeEach(() => clearRateLimits(test.platform));

let forged = 0;
/** A different made-up client address on every request, as an attacker would send. */
const forgedAddress = () => `203.0.${(++forged >> 8) & 255}.${forged & 255}`;
const send = (phone: string) =>
  viaNginx.request("POST", "/api/v1/auth/send-otp", { headers: { "x-forwarded-for": forgedAddress() }, body: { phone } });

describe("the client address behind the deployed nginx", () => {
  it("counts sign-in codes under the address nginx saw, whatever X-Forwarded-For the client writes", async () => {
    for (let i = 0; i < OTP_LIMITS.sendsPerIp.points; i++) expect((await send(randomPhone())).status).toBe(202);
    const next = await send(randomPhone());
    expect(next.status).toBe(429);
    expect(Number(next.headers["retry-after"])).toBeGreaterThan(60);
  });

  it("does not spend the address's send budget on a malformed phone", async () => {
    for (let i = 0; i < 5; i++) expect((await send("0912")).status).toBe(400);
    for (let i = 0; i < OTP_LIMITS.sendsPerIp.points; i++) expect((await send(randomPhone())).status).toBe(202);
    expect((await send(randomPhone())).status).toBe(429);
  });
});
