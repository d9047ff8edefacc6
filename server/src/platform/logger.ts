import { pino, type Logger } from "pino";
import type { Config } from "../config/config.js";

export type { Logger };

/** Structured JSON logs, one line an event, tagged with the process role. */
export function createLogger(config: Pick<Config, "LOG_LEVEL">, role: string): Logger {
  return pino({
    level: config.LOG_LEVEL,
    base: { role },
    redact: {
      paths: ["req.headers.authorization", "req.headers.cookie", 'req.headers["x-telegram-bot-api-secret-token"]', "*.password", "*.code", "*.token", "*.refreshToken"],
      censor: "***",
    },
  });
}
