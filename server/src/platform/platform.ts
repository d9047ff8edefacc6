import type { Redis } from "ioredis";
import type { Registry } from "prom-client";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import type { Queues } from "../jobs/queues.js";
import type { Logger } from "./logger.js";

/**
 * The long-lived connections a process is made of: configuration, logger,
 * PostgreSQL, Redis, the job queues and the metrics registry. Each process's
 * composition root (main/platform.ts) builds it once and closes it on the way
 * out, so the server, the worker, the bot, the CLI and the tests all talk to
 * PostgreSQL and Redis the same way. Domains receive it (or the part they
 * need); it holds no domain service. The few that every process shares (the
 * store lookup, media storage) main/ builds beside it, and a domain that
 * needs one says so in its parameter's type (`Platform & { mediaStorage: MediaStorage }`).
 */
export interface Platform {
  config: Config;
  logger: Logger;
  dataSource: DataSource;
  redis: Redis;
  queues: Queues;
  metrics: Registry;
  close(): Promise<void>;
}
