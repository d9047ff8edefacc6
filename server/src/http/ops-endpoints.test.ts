import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseConfig } from "../config/config.js";
import { createApp } from "../main/app.js";
import { renderDomainServerBlock, renderNginxConfig } from "../sites/nginx-config.js";
import { freePort } from "../test/free-port.js";
import { httpClient, startTestServer, type TestServer } from "../test/http-client.js";
import { startNginx, type NginxServer } from "../test/nginx-server.js";
import { useTestPlatform } from "../test/test-platform.js";

/**
 * /readyz and /metrics are for operators: through the deployed nginx (the
 * public block and a custom domain's block) they are not there; straight to
 * the server they answer only from OPS_ALLOWED_ADDRESSES and only when no
 * proxy forwarded the request. /healthz stays public and says nothing else.
 */
const root = resolve(import.meta.dirname, "../../..");
const composeEnv = (parse(readFileSync(resolve(root, "docker-compose.yml"), "utf8")) as { "x-mall-env": Record<string, string> })[
  "x-mall-env"
];
const trust = Object.fromEntries(Object.entries(composeEnv).filter(([key]) => key.startsWith("TRUST_PROXY")));
const deployedProxySettings = readFileSync(resolve(root, "deploy/nginx/mall-proxy.conf"), "utf8");

const test = useTestPlatform(trust);
let app: TestServer;
let elsewhere: TestServer;
let nginx: NginxServer;
let viaNginx: TestServer;
let viaDomainBlock: TestServer;

beforeAll(async () => {
  app = await startTestServer(createApp(test.platform));
  // The same server with operators configured elsewhere (a monitoring network): loopback is then refused too.
  const config = { ...test.config, OPS_ALLOWED_ADDRESSES: ["10.20.0.0/16"] };
  elsewhere = await startTestServer(createApp({ ...test.platform, config, metrics: new Registry() }));
  const port = await freePort();
  const domainPort = await freePort();
  const domainBlock = renderDomainServerBlock({
    domain: "shop.example",
    listen: `127.0.0.1:${domainPort}`,
    certFile: "",
    keyFile: "",
    sitesDir: test.config.SITES_DIR,
  }).replace(/^\s*ssl_certificate.*$/gm, "");
  nginx = await startNginx(
    `${renderNginxConfig({ upstreams: [`127.0.0.1:${app.port}`], sitesDir: test.config.SITES_DIR, listen: `127.0.0.1:${port}` })}\n${domainBlock}`,
    port,
    deployedProxySettings,
  );
  viaNginx = httpClient(port);
  viaDomainBlock = httpClient(domainPort);
}, 60_000);
afterAll(async () => {
  await nginx?.stop();
  await app?.close();
  await elsewhere?.close();
});

describe("operational endpoints", () => {
  it("are not served through nginx's public blocks: /readyz and /metrics answer 404 with a JSON error, /healthz only says ok", async () => {
    for (const client of [viaNginx, viaDomainBlock]) {
      for (const path of ["/readyz", "/metrics", "/metrics/", "/readyz?x=1"]) {
        const res = await client.request("GET", path, { host: "shop.example" });
        expect(res.status, path).toBe(404);
        expect(res.headers["content-type"]).toContain("application/json");
        expect(res.body.error.code).toBe("not_found");
        expect(res.text).not.toContain("http_request_duration_seconds");
      }
      const health = await client.request("GET", "/healthz", { host: "shop.example" });
      expect(health.status).toBe(200);
      expect(health.body).toEqual({ status: "ok" });
    }
  });

  it("answer an operator on an allowed address, and refuse a request a proxy forwarded even from there", async () => {
    expect((await app.request("GET", "/readyz")).body).toEqual({
      status: "ready",
      checks: { postgres: { ok: true }, redis: { ok: true } },
    });
    const metrics = await app.request("GET", "/metrics");
    expect(metrics.status).toBe(200);
    expect(metrics.text).toContain("http_request_duration_seconds");

    // nginx on the same machine (an allowed address) still may not pass them on: a forwarded request is refused.
    for (const header of ["x-forwarded-for", "forwarded", "x-real-ip"]) {
      const forwarded = await app.request("GET", "/metrics", {
        headers: { [header]: header === "forwarded" ? "for=127.0.0.1" : "127.0.0.1" },
      });
      expect(forwarded.status, header).toBe(404);
      expect(forwarded.body.error.code).toBe("not_found");
    }
  });

  it("refuse every address outside OPS_ALLOWED_ADDRESSES, loopback included when it is not listed", async () => {
    for (const path of ["/readyz", "/metrics"]) {
      const res = await elsewhere.request("GET", path);
      expect(res.status, path).toBe(404);
      expect(res.body.error.code).toBe("not_found");
    }
    expect((await elsewhere.request("GET", "/healthz")).status).toBe(200);
  });

  it("reads OPS_ALLOWED_ADDRESSES as addresses and CIDR ranges, and names the variable for anything else", () => {
    expect(parseConfig({ ...process.env, OPS_ALLOWED_ADDRESSES: " 10.0.0.0/8, ::1 ,192.168.1.7" }).OPS_ALLOWED_ADDRESSES).toEqual([
      "10.0.0.0/8",
      "::1",
      "192.168.1.7",
    ]);
    expect(parseConfig({ ...process.env, OPS_ALLOWED_ADDRESSES: undefined }).OPS_ALLOWED_ADDRESSES).toEqual(["127.0.0.0/8", "::1"]);
    for (const bad of ["prometheus", "10.0.0.0/33", "::1/129", "10.0.0.0/8/1", "*"])
      expect(() => parseConfig({ ...process.env, OPS_ALLOWED_ADDRESSES: bad }), bad).toThrow(/OPS_ALLOWED_ADDRESSES/);
  });
});
