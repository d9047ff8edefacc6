import express from "express";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { errorMiddleware } from "./error-middleware.js";
import { rateLimit } from "./rate-limit.js";

const test = useTestPlatform();
let server: TestServer;
beforeAll(async () => {
  const { redis, logger } = test.platform;
  const app = express();
  app.get(
    "/limited",
    rateLimit(redis, logger, { name: "test", points: 3, durationSeconds: 60, failOpen: false, key: (req) => String(req.query.who) }),
    (_req, res) => {
      res.json({ ok: true });
    },
  );
  app.use(errorMiddleware(logger));
  server = await startTestServer(app);
});
afterAll(() => server.close());

describe("the Redis-backed rate limiter", () => {
  it("answers 429 with the seconds to wait once the limit is spent, per key", async () => {
    for (let i = 0; i < 3; i++) expect((await server.request("GET", "/limited?who=a")).status).toBe(200);
    const limited = await server.request("GET", "/limited?who=a");
    expect(limited.status).toBe(429);
    expect(Number(limited.headers["retry-after"])).toBeGreaterThan(0);
    expect(Number(limited.headers["retry-after"])).toBeLessThanOrEqual(60);
    expect(limited.body.error.code).toBe("too_many_requests");
    expect(limited.body.error.message).toMatch(/ثانیه/);
    expect((await server.request("GET", "/limited?who=b")).status).toBe(200);
  });
});
