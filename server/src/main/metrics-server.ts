import { createServer, type Server } from "node:http";
import type { Platform } from "../platform/platform.js";

/**
 * The worker's own `/metrics` (it has no Express app): job durations and
 * failures, site builds, gateway, SMS and Telegram calls counted in this
 * process, and the queue depths. Prometheus scrapes it beside the server's.
 */
export async function serveWorkerMetrics(
  platform: Pick<Platform, "metrics" | "config">,
  port = platform.config.WORKER_METRICS_PORT,
): Promise<Server> {
  const server = createServer((req, res) => {
    if (req.method === "GET" && req.url === "/metrics") {
      platform.metrics
        .metrics()
        .then((text) => res.writeHead(200, { "content-type": platform.metrics.contentType }).end(text))
        .catch(() => res.writeHead(500).end());
      return;
    }
    res
      .writeHead(req.url === "/healthz" ? 200 : 404, { "content-type": "application/json" })
      .end(req.url === "/healthz" ? '{"status":"ok"}' : '{"error":"not found"}');
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, platform.config.HOST, () => resolve());
  });
  return server;
}
