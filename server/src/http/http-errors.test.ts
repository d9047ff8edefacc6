import express from "express";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createLogger } from "../platform/logger.js";
import { buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { createApp } from "../main/app.js";
import { errorMiddleware, notFoundHandler } from "./error-middleware.js";
import { ConflictError } from "../core/errors.js";
import { requestLog } from "./request-log.js";

const test = useTestPlatform();
let server: TestServer;
let bare: TestServer;
// A real pool of one connection, held: the next connect waits out its timeout, as every request does in a crowd.
let crowded: pg.Pool;
let held: pg.PoolClient;

beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
  // A bare app with the same error path, to throw what no real route throws.
  const logger = createLogger({ LOG_LEVEL: "silent" }, "test");
  const app = express();
  app.use(requestLog(logger));
  app.use(express.json());
  app.get("/boom", () => {
    throw new Error("secret internals at /srv/mall/db.ts:42");
  });
  app.get("/conflict", () => {
    throw new ConflictError("sku", "این کد کالا قبلاً ثبت شده است.", "sku_taken");
  });
  crowded = new pg.Pool({ connectionString: test.config.DATABASE_URL, max: 1, connectionTimeoutMillis: 100 });
  held = await crowded.connect();
  app.get("/crowded", async () => {
    await crowded.connect();
  });
  app.use(notFoundHandler);
  app.use(errorMiddleware(logger));
  bare = await startTestServer(app);
});
afterAll(async () => {
  held.release();
  await crowded.end();
  await server.close();
  await bare.close();
});

describe("the one error path", () => {
  it("turns a domain error into its status and { error: { code, message, field } }", async () => {
    const res = await bare.request("GET", "/conflict");
    expect(res.status).toBe(409);
    expect(res.body).toEqual({
      error: { code: "sku_taken", message: "این کد کالا قبلاً ثبت شده است.", field: "sku", requestId: expect.any(String) },
    });
  });

  it("answers an unexpected error with a 500 that carries the request id and no internals", async () => {
    const res = await bare.request("GET", "/boom", { headers: { "X-Request-Id": "req-12345678" } });
    expect(res.status).toBe(500);
    expect(res.body.error.code).toBe("internal_error");
    expect(res.body.error.requestId).toBe("req-12345678");
    expect(res.text).not.toMatch(/secret internals|db\.ts|at .*\(/);
  });

  it("answers a request that waited out the pool's whole wait with 503 busy and Retry-After, not a 500", async () => {
    const res = await bare.request("GET", "/crowded");
    expect(res.status).toBe(503);
    expect(res.headers["retry-after"]).toBe("1");
    expect(res.body.error).toMatchObject({ code: "busy", requestId: expect.any(String) });
    expect(res.body.error.message).toMatch(/[\u0600-\u06FF]/);
  });

  it("names the field that failed validation, in Persian", async () => {
    const store = await buildStore(test.platform.dataSource);
    const page = await server.request("GET", "/api/v1/products?limit=abc", { headers: { "X-Store": store.slug } });
    expect(page.status).toBe(400);
    expect(page.body.error).toMatchObject({ code: "invalid_input", field: "limit" });
    expect(page.body.error.message).toMatch(/[\u0600-\u06FF]/);
    const tooMany = await server.request("GET", "/api/v1/products?limit=1000", { headers: { "X-Store": store.slug } });
    expect(tooMany.body.error.field).toBe("limit");
    const id = await server.request("GET", "/api/v1/products/not%20an%20id", { headers: { "X-Store": store.slug } });
    expect(id.status).toBe(400);
    expect(id.body.error).toMatchObject({ field: "id", message: "شناسهٔ محصول معتبر نیست." });
  });

  it("answers malformed JSON with a 400 naming the body", async () => {
    const app = express();
    app.use(express.json());
    app.post("/echo", (req, res) => {
      res.json(req.body);
    });
    app.use(errorMiddleware(createLogger({ LOG_LEVEL: "silent" }, "test")));
    const echo = await startTestServer(app);
    const res = await echo.request("POST", "/echo", { body: "{not json" });
    await echo.close();
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_json", field: "body" });
  });

  it("answers an unknown route with a 404 JSON body", async () => {
    const res = await server.request("GET", "/api/v1/nothing-here");
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe("route_not_found");
  });

  it("sets security headers and an X-Request-Id on every response", async () => {
    const res = await server.request("GET", "/healthz");
    expect(res.headers["content-security-policy"]).toContain("default-src 'self'");
    expect(res.headers["x-content-type-options"]).toBe("nosniff");
    expect(res.headers["x-request-id"]).toBeTruthy();
    expect(res.headers["x-powered-by"]).toBeUndefined();
  });
});
