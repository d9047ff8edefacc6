import { BlockList, isIP } from "node:net";
import { Router, type RequestHandler } from "express";
import { NotFoundError } from "../core/errors.js";
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

/** Whether the probe answered; why not goes to the log, never into the answer. */
async function check(platform: Platform, name: string, probe: () => Promise<unknown>): Promise<{ ok: boolean }> {
  try {
    await withTimeout(probe(), 2000);
    return { ok: true };
  } catch (error) {
    platform.logger.warn({ err: error, check: name }, "readyz: a dependency does not answer");
    return { ok: false };
  }
}

/**
 * Only for operators: the connection's own address (not X-Forwarded-For) is
 * one of OPS_ALLOWED_ADDRESSES and no proxy forwarded the request (nginx's
 * public blocks always add X-Forwarded-For, and refuse these paths
 * themselves). Anyone else is told there is nothing here.
 */
function operatorsOnly(allowed: readonly string[]): RequestHandler {
  const list = new BlockList();
  for (const entry of allowed) {
    const [address = "", prefix] = entry.split("/");
    const family = isIP(address) === 6 ? "ipv6" : "ipv4";
    if (prefix === undefined) list.addAddress(address, family);
    else list.addSubnet(address, Number(prefix), family);
  }
  return (req, _res, next) => {
    const address = req.socket.remoteAddress ?? "";
    const family = isIP(address);
    const allowedAddress = family !== 0 && list.check(address, family === 6 ? "ipv6" : "ipv4");
    const forwarded =
      req.headers["x-forwarded-for"] !== undefined || req.headers["forwarded"] !== undefined || req.headers["x-real-ip"] !== undefined;
    next(allowedAddress && !forwarded ? undefined : new NotFoundError());
  };
}

/**
 * `/healthz` (the process is up; public, says nothing else), and for
 * operators only (OPS_ALLOWED_ADDRESSES) `/readyz` (PostgreSQL and Redis
 * answer) and `/metrics` (Prometheus).
 */
export function healthRoutes(platform: Platform): Router {
  const router = Router();
  const operators = operatorsOnly(platform.config.OPS_ALLOWED_ADDRESSES);
  router.get("/healthz", (_req, res) => {
    res.json({ status: "ok" });
  });
  router.get("/readyz", operators, async (_req, res) => {
    const [postgres, redis] = await Promise.all([
      check(platform, "postgres", () => platform.dataSource.query("SELECT 1")),
      check(platform, "redis", () => platform.redis.ping()),
    ]);
    const ready = postgres.ok && redis.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? "ready" : "not_ready", checks: { postgres, redis } });
  });
  router.get("/metrics", operators, async (_req, res) => {
    res.type(platform.metrics.contentType).send(await platform.metrics.metrics());
  });
  return router;
}
