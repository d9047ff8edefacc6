import type { Request } from "express";
import type { DataSource, EntityManager } from "typeorm";
import type { ServiceContext } from "../core/context.js";

/** The service context of a request that only reads. */
export function readContext(req: Request, dataSource: DataSource): ServiceContext {
  return { manager: dataSource.manager, actor: req.actor ?? { kind: "anonymous" }, requestId: String(req.id) };
}

/**
 * Runs a read that may lag a moment behind the latest writes on a read
 * replica (DATABASE_REPLICA_URLS; the primary when there is none): the
 * storefront's catalog, the back office's reports. Never for a read that must
 * see what its caller just wrote (the merchant's product after saving it, the
 * shopper's order after paying): those use readContext, on the primary.
 */
export async function onReplica<T>(req: Request, dataSource: DataSource, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner("slave");
  try {
    return await work({ manager: runner.manager, actor: req.actor ?? { kind: "anonymous" }, requestId: String(req.id) });
  } finally {
    await runner.release();
  }
}

/**
 * Runs a mutating request's work in one transaction (STYLE.md: the HTTP layer
 * owns the transaction; services only use ctx.manager).
 */
export function inTransaction<T>(req: Request, dataSource: DataSource, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  return dataSource.transaction((manager: EntityManager) =>
    work({ manager, actor: req.actor ?? { kind: "anonymous" }, requestId: String(req.id) }),
  );
}

/**
 * Runs a request's work on ONE pooled connection, held to its end: reads
 * first, then a transaction on the same connection (ctx.manager.transaction),
 * so the request waits in the pool's queue once, not once per step. Under a
 * crowd that queue is as long as the crowd (checkout: the look at the shelf,
 * then the placing transaction).
 */
export async function onOneConnection<T>(req: Request, dataSource: DataSource, work: (ctx: ServiceContext) => Promise<T>): Promise<T> {
  const runner = dataSource.createQueryRunner("master");
  try {
    await runner.connect();
    return await work({ manager: runner.manager, actor: req.actor ?? { kind: "anonymous" }, requestId: String(req.id) });
  } finally {
    await runner.release();
  }
}
