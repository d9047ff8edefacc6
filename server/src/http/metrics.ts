import type { RequestHandler } from "express";
import { collectDefaultMetrics, Histogram, type Registry } from "prom-client";

/**
 * Request duration by method, route pattern and status. The route label is
 * the pattern (`/api/v1/products/:id`), never the raw URL, so the number of
 * series does not grow with ids or with stores.
 */
export function httpMetrics(registry: Registry): RequestHandler {
  collectDefaultMetrics({ register: registry });
  const duration = new Histogram({
    name: "http_request_duration_seconds",
    help: "HTTP request duration in seconds",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  return (req, res, next) => {
    const end = duration.startTimer();
    res.on("finish", () => {
      const pattern: unknown = res.locals.routePattern;
      const route = typeof pattern === "string" ? pattern : req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : "unmatched";
      end({ method: req.method, route, status: String(res.statusCode) });
    });
    next();
  };
}
