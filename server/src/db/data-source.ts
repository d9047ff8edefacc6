import "reflect-metadata";
import { DataSource } from "typeorm";
import type { Logger } from "../platform/logger.js";
import { entities } from "./entities.js";
import { migrations } from "./migrations/index.js";
import { typeormLogger } from "./typeorm-logger.js";

export interface DataSourceOptions {
  url: string;
  /** Streaming read replicas of `url`: reads asked for on a "slave" query runner go to one of them (see onReplica). */
  replicaUrls?: readonly string[];
  poolSize?: number;
  /** Name shown in pg_stat_activity, so a connection can be traced to its process. */
  applicationName?: string;
  /** Where query errors go; without one TypeORM stays silent. */
  logger?: Logger;
}

/** A PostgreSQL data source for the given URL; schema changes come only from migrations. */
export function createDataSource(options: DataSourceOptions): DataSource {
  return new DataSource({
    type: "postgres",
    ...(options.replicaUrls?.length
      ? {
          // Everything goes to the primary unless a read asks for a replica: a read that must see its caller's own
          // write can never lag by mistake, and the reads that may lag are chosen one by one (onReplica).
          replication: {
            master: { url: options.url },
            slaves: options.replicaUrls.map((url) => ({ url })),
            defaultMode: "master" as const,
          },
        }
      : { url: options.url }),
    entities,
    migrations,
    migrationsTableName: "migrations",
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+, so no extension has to be installed.
    uuidExtension: "pgcrypto",
    logging: options.logger ? ["error", "warn", "migration"] : false,
    ...(options.logger ? { logger: typeormLogger(options.logger) } : {}),
    maxQueryExecutionTime: 1000,
    applicationName: options.applicationName ?? "mall",
    poolSize: options.poolSize ?? 10,
    extra: {
      // Fail fast when PostgreSQL is unreachable, so /readyz and requests answer instead of hanging.
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30000,
    },
  });
}
