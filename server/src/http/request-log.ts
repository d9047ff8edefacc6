import { randomUUID } from "node:crypto";
import type { RequestHandler } from "express";
import { pinoHttp } from "pino-http";
import type { Logger } from "../platform/logger.js";
import { runWithRequestId } from "../platform/request-scope.js";

const REQUEST_ID = /^[A-Za-z0-9._-]{8,128}$/;

/**
 * Gives every request an id (a proxy's X-Request-Id when it sent a sane one)
 * echoed in the response, and a child logger carrying it as `req.log`; the
 * rest of the request runs in its request scope, so events and jobs it
 * enqueues carry the id on (platform/request-scope.ts).
 */
export function requestLog(logger: Logger): RequestHandler {
  const log = pinoHttp({
    logger,
    genReqId: (req, res) => {
      const incoming = req.headers["x-request-id"];
      const id = typeof incoming === "string" && REQUEST_ID.test(incoming) ? incoming : randomUUID();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    autoLogging: { ignore: (req) => req.url === "/healthz" || req.url === "/metrics" },
  });
  return (req, res, next) => log(req, res, () => runWithRequestId(String(req.id), next));
}
