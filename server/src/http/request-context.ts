import type { Request } from "express";
import type { DataSource, EntityManager } from "typeorm";
import type { ServiceContext } from "../core/context.js";

/** The service context of a request that only reads. */
export function readContext(req: Request, dataSource: DataSource): ServiceContext {
  return { manager: dataSource.manager, actor: req.actor ?? { kind: "anonymous" }, requestId: String(req.id) };
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
