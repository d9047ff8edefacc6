import { Router } from "express";
import type { Platform } from "../platform/platform.js";

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

async function check(probe: () => Promise<unknown>): Promise<{ ok: boolean; error?: string }> {
  try {
    await withTimeout(probe(), 2000);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** `/healthz` (the process is up), `/readyz` (PostgreSQL and Redis answer), `/metrics` (Prometheus). */
export function healthRoutes(platform: Platform): Router {
  const router = Router();
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", async (_req, res) => {
    const [postgres, redis] = await Promise.all([check(() => platform.dataSource.query("SELECT 1")), check(() => platform.redis.ping())]);
    const ready = postgres.ok && redis.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not_ready", checks: { postgres, redis } });
  });
  router.get("/metrics", async (_req, res) => {
    res.type(platform.metrics.contentType).send(await platform.metrics.metrics());
  });
  return router;
}
