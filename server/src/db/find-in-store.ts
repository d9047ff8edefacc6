import { In, type EntityTarget, type FindOptionsWhere, type ObjectLiteral } from "typeorm";
import { NotFoundError } from "../core/errors.js";
import type { ServiceContext } from "../core/context.js";
import { UUID_PATTERN } from "../core/ids.js";

/**
 * A store-owned row by id, or NotFoundError. A row of another store answers
 * exactly as a missing one does, so ids never leak across stores.
 */
export async function findInStoreOrFail<T extends ObjectLiteral & { storeId: string }>(
  ctx: ServiceContext,
  entity: EntityTarget<T>,
  storeId: string,
  id: string,
  notFound: () => Error = () => new NotFoundError(),
): Promise<T> {
  if (!UUID_PATTERN.test(id)) throw notFound();
  const row = await ctx.manager.getRepository(entity).findOneBy({ id, storeId } as unknown as FindOptionsWhere<T>);
  if (!row) throw notFound();
  return row;
}

/**
 * A store-owned row by id among several stores (the person's, for a
 * back-office form that names a row and so decides its store; "all" for
 * platform staff), or NotFoundError: the query carries the stores, so a row
 * of any other store answers as a missing one.
 */
export async function findInStoresOrFail<T extends ObjectLiteral & { storeId: string }>(
  ctx: ServiceContext,
  entity: EntityTarget<T>,
  storeIds: readonly string[] | "all",
  id: string,
  notFound: () => Error = () => new NotFoundError(),
): Promise<T> {
  if (!UUID_PATTERN.test(id) || storeIds.length === 0) throw notFound();
  const where = storeIds === "all" ? { id } : { id, storeId: In([...storeIds]) };
  const row = await ctx.manager.getRepository(entity).findOneBy(where as unknown as FindOptionsWhere<T>);
  if (!row) throw notFound();
  return row;
}
