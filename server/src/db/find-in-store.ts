import type { EntityTarget, FindOptionsWhere, ObjectLiteral } from "typeorm";
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
