import { createRequire } from "node:module";
import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type pretty from "pino-pretty";
import type { Config } from "../config/config.js";
import { currentRequestId } from "./request-scope.js";

export type { Logger };

/**
 * Structured JSON logs, one line an event, tagged with the process role and,
 * inside a request or a job it enqueued, with its `requestId`. In development
 * (`npm run up`, `npm run dev`) the same events print as readable lines
 * (time, level, role, message, then the fields); production and tests keep JSON.
 */
export function createLogger(
  config: Pick<Config, "LOG_LEVEL"> & Partial<Pick<Config, "NODE_ENV">>,
  role: string,
  destination?: DestinationStream,
): Logger {
  const options: LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { role },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: {
      paths: [
        "req.headers.authorization",
        "req.headers.cookie",
        'req.headers["x-telegram-bot-api-secret-token"]',
        "*.password",
        "*.code",
        "*.token",
        "*.refreshToken",
      ],
      censor: "***",
    },
  };
  // A destination other than stdout: tests read the lines.
  if (destination) return pino(options, destination);
  if (config.NODE_ENV === "development") return pino(options, readableLines());
  return pino(options);
}

/**
 * pino-pretty in the process itself (no worker thread), writing to stdout as
 * it goes: `12:04:05.120 INFO: server GET /api/v1/products 200 (31 ms)` for a
 * request, `… INFO: worker site built {"storeId":…}` for any other event.
 */
function readableLines(): DestinationStream {
  // Loaded here, in development only: production's JSON lines never need it (CommonJS, so require() loads it in place).
  const prettyStream = createRequire(import.meta.url)("pino-pretty") as typeof pretty;
  return prettyStream({
    sync: true,
    colorize: Boolean(process.stdout.isTTY),
    translateTime: "SYS:HH:MM:ss.l",
    singleLine: true,
    // The request line says what pino-http's req/res objects hold; the request id stays in the JSON format.
    ignore: "pid,hostname,role,req,res,responseTime,requestId",
    messageFormat: (log, messageKey) => {
      const req = log.req as { method?: string; url?: string } | undefined;
      const res = log.res as { statusCode?: number } | undefined;
      const what =
        req?.method && res?.statusCode
          ? `${req.method} ${req.url} ${res.statusCode} (${String(log.responseTime)} ms)`
          : String(log[messageKey] ?? "");
      return `${String(log.role)} ${what}`;
    },
  });
}
