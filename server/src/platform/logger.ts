import { pino, type DestinationStream, type Logger, type LoggerOptions } from "pino";
import type { Config } from "../config/config.js";
import { currentRequestId } from "./request-scope.js";

export type { Logger };

/**
 * Structured JSON logs, one line an event, tagged with the process role and,
 * inside a request or a job it enqueued, with its `requestId`.
 */
export function createLogger(config: Pick<Config, "LOG_LEVEL">, role: string, destination?: DestinationStream): Logger {
  const options: LoggerOptions = {
    level: config.LOG_LEVEL,
    base: { role },
    mixin: () => {
      const requestId = currentRequestId();
      return requestId ? { requestId } : {};
    },
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", 'req.headers["x-telegram-bot-api-secret-token"]', "*.password", "*.code", "*.token", "*.refreshToken"],
      censor: "***",
    },
  };
  // A destination other than stdout: tests read the lines.
  return destination ? pino(options, destination) : pino(options);
}
