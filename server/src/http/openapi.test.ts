import type { Express } from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { createExpressApp } from "../main/app.js";

const test = useTestPlatform();
let app: Express;
let server: TestServer;
beforeAll(async () => {
  // The Express application itself, whose router the last test reads (createApp's listener only puts a build's files ahead of it).
  app = createExpressApp(test.platform).app;
  server = await startTestServer(app);
});
afterAll(() => server.close());

/** What Express 5's router keeps of a mounted handler (router 2's Layer and Route). */
interface RouterLayer {
  rawPath?: string | RegExp | Array<string | RegExp>;
  route?: { path: string; methods: Record<string, boolean> };
  handle: { stack?: RouterLayer[] };
}

const openApiPath = (path: string) => path.replace(/:(\w+)/g, "{$1}");

/**
 * Every endpoint the Express application answers, read from its router:
 * `GET /api/v1/products/{id}` for a route (Express's `:id` written as
 * OpenAPI writes it), `USE /admin` for a handler mounted under a path that
 * is not a router (AdminJS, a static folder). Middleware mounted on `/`
 * (logging, headers, the site's static files) answers no path of its own.
 */
function endpointsOf(stack: RouterLayer[], prefix = ""): Set<string> {
  const found = new Set<string>();
  for (const layer of stack) {
    const raw = layer.rawPath ?? "/";
    if (typeof raw !== "string") throw new Error(`a handler mounted on a pattern the walk cannot read: ${String(raw)}`);
    const path = prefix + (raw === "/" ? "" : raw);
    if (layer.route) {
      for (const [method, on] of Object.entries(layer.route.methods))
        if (on) found.add(`${method === "_all" ? "ALL" : method.toUpperCase()} ${openApiPath(prefix + layer.route.path)}`);
    } else if (layer.handle.stack) {
      for (const endpoint of endpointsOf(layer.handle.stack, path)) found.add(endpoint);
    } else if (raw !== "/") {
      found.add(`USE ${openApiPath(path)}`);
    }
  }
  return found;
}

/**
 * The endpoints outside the OpenAPI document, each for a reason. Anything
 * else the application answers must be documented.
 */
const UNDOCUMENTED: Record<string, string> = {
  "POST /api/v1/telegram/webhook":
    "Telegram's own calls (Bot API setWebhook), checked by its secret-token header; no client of ours calls it",
  "USE /admin": "the AdminJS back office: HTML pages and AdminJS's own JSON API for them, behind its session",
  "USE /media/public": "uploaded media files served from the local disk (on S3 the bucket serves them)",
  "GET /api/openapi.json": "the OpenAPI document itself",
  "USE /api/docs": "Swagger UI for the document",
  "GET /healthz": "liveness probe for the orchestrator",
  "GET /readyz": "readiness probe for the orchestrator",
  "GET /metrics": "Prometheus metrics, for the scraper",
  "GET /.well-known/acme-challenge/{token}": "ACME HTTP-01 answers for the certificate authority, on any host",
  "POST /torob_api/v3/products":
    "Torob's merchant webservice on a store's host: Torob's documented shape (PROTOCOLS.md §10) and Torob's signed token, not our API",
  "GET /emalls_api/products":
    "Emalls' merchant webservice on a store's host: the shape a merchant's README describes (emalls.service.ts) and the store's token, not our API",
  "POST /emalls_api/products": "the same, for a crawler that posts its page and item_per_page",
};

describe("the OpenAPI document", () => {
  it("describes a route's parameters and error responses", async () => {
    const res = await server.request("GET", "/api/openapi.json");
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe("3.1.0");
    const product = doc.paths["/api/v1/products/{id}"].get;
    expect(product.parameters.map((p: { name: string }) => p.name)).toEqual(expect.arrayContaining(["id", "X-Store"]));
    expect(Object.keys(product.responses)).toEqual(expect.arrayContaining(["200", "400", "404", "410", "500"]));
    expect(doc.paths["/api/v1/products"].get.parameters.map((p: { name: string }) => p.name)).toEqual(
      expect.arrayContaining(["cursor", "limit"]),
    );
    expect(doc.components.schemas.Error).toBeDefined();
  });

  it("documents sign-in, tokens and the members route with their errors and the bearer scheme", async () => {
    const doc = (await server.request("GET", "/api/openapi.json")).body;
    const statuses = (path: string, method: string) => Object.keys(doc.paths[path][method].responses).sort();
    expect(statuses("/api/v1/auth/send-otp", "post")).toEqual(["202", "400", "404", "410", "429", "500", "503"]);
    expect(statuses("/api/v1/auth/verify-otp", "post")).toEqual(["200", "400", "404", "410", "429", "500", "503"]);
    // Refresh, sign-out and /auth/me know the request's store (Host or X-Store): tokens are good at their own store only.
    expect(statuses("/api/v1/auth/refresh-token", "post")).toEqual(["200", "400", "401", "404", "410", "500"]);
    expect(statuses("/api/v1/auth/logout", "post")).toEqual(["200", "400", "404", "410", "500"]);
    expect(statuses("/api/v1/auth/me", "get")).toEqual(["200", "401", "404", "410", "500"]);
    expect(statuses("/api/v1/stores/{storeId}/members", "get")).toEqual(["200", "400", "401", "403", "404", "500"]);
    expect(doc.paths["/api/v1/auth/send-otp"].post.parameters.map((p: { name: string }) => p.name)).toContain("X-Store");
    expect(doc.paths["/api/v1/auth/verify-otp"].post.requestBody.content["application/json"].schema.required).toEqual(["phone", "code"]);

    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer", bearerFormat: "JWT" });
    expect(doc.paths["/api/v1/auth/me"].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/api/v1/stores/{storeId}/members"].get.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.paths["/api/v1/auth/verify-otp"].post.security).toBeUndefined();
    expect(doc.components.schemas.Tokens.required).toEqual(expect.arrayContaining(["accessToken", "expiresIn"]));
    // In the body unless the sign-in asked for the httpOnly cookie (store sites do).
    expect(doc.components.schemas.Tokens.required).not.toContain("refreshToken");
    expect(doc.paths["/api/v1/auth/verify-otp"].post.requestBody.content["application/json"].schema.properties.refreshTokenIn.enum).toEqual(
      ["body", "cookie"],
    );
  });

  it("documents every route the application answers, except a short explained list", async () => {
    const doc = (await server.request("GET", "/api/openapi.json")).body as { paths: Record<string, Record<string, unknown>> };
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${path}`)),
    );
    const answered = endpointsOf((app as unknown as { router: { stack: RouterLayer[] } }).router.stack);
    const outside = [...answered].filter((endpoint) => !documented.has(endpoint) && !(endpoint in UNDOCUMENTED)).sort();
    expect(outside, "routes outside the OpenAPI document and not on the explained list").toEqual([]);
    // The list stays short and true: each entry is still answered, and nothing documented is missing from the router.
    expect(Object.keys(UNDOCUMENTED).filter((endpoint) => !answered.has(endpoint))).toEqual([]);
    expect([...documented].filter((endpoint) => !answered.has(endpoint))).toEqual([]);
    expect(documented.size).toBeGreaterThan(80);
    expect(answered).toContain("GET /api/v1/products/{id}");
  });

  it("serves the interactive documentation", async () => {
    const res = await server.request("GET", "/api/docs/");
    expect(res.status).toBe(200);
    expect(res.text).toContain("swagger-ui");
  });
});
