import type { Logger as TypeOrmLogger } from "typeorm";
import type { Logger } from "../platform/logger.js";

/** TypeORM's failures and migrations as structured log lines, never bare console output. */
export function typeormLogger(logger: Logger): TypeOrmLogger {
  return {
    logQuery: () => {},
    logQueryError: (error, query) =>
      logger.warn({ err: error instanceof Error ? error.message : error, query: query.slice(0, 500) }, "query failed"),
    logQuerySlow: (time, query) => logger.warn({ ms: time, query: query.slice(0, 500) }, "slow query"),
    logSchemaBuild: () => {},
    logMigration: (message) => logger.info(message),
    log: (level, message) => {
      if (level === "warn") logger.warn(message);
      else logger.debug(message);
    },
  };
}
