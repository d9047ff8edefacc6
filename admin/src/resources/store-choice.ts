import { UUID_PATTERN } from "@mall/server/core/ids.js";
import { ValidationError } from "@mall/server/core/errors.js";
import { authorize, type StorePermission } from "@mall/server/identity/authorization.js";
import { StoreNotFoundError } from "@mall/server/tenancy/tenancy.errors.js";
import { getStore } from "@mall/server/tenancy/tenancy.service.js";
import { reachesStore } from "../access.js";
import type { WriteScope } from "./service-resource.js";

/**
 * The store a new row goes to: the one the form names, else the merchant's
 * only store. Then the one authorisation helper must agree (`permission`
 * there, or staff); another store answers "not found" on the field.
 */
export async function storeForNewRow(
  { ctx, access }: WriteScope,
  named: string | null | undefined,
  field = "storeId",
  permission: StorePermission = "catalog:write",
): Promise<string> {
  let storeId = named || null;
  if (!storeId && access.storeIds !== "all" && access.storeIds.length === 1) storeId = access.storeIds[0]!;
  if (!storeId) throw new ValidationError(field, "فروشگاه را انتخاب کنید.", "store_required");
  if (!UUID_PATTERN.test(storeId) || !reachesStore(access, storeId)) throw new StoreNotFoundError(field);
  await authorize(ctx, permission, { storeId });
  // Staff pass authorize() for any id; a store that does not exist is still "not found", not a foreign-key error.
  await getStore(ctx, storeId, field);
  return storeId;
}
