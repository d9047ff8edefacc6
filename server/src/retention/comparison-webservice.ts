import { rialsToTomans } from "@mall/locale";
import type { Platform } from "../platform/platform.js";
import type { StoreResolver } from "../tenancy/store-resolver.js";
import { Store } from "../tenancy/store.entity.js";

/**
 * What Torob's and Emalls' merchant webservices share (issue 27 #5): the
 * store a call is for (the Host it was made to), prices in whole Tomans,
 * and the page arithmetic of a numbered list.
 */

/** The active store named by the Host a price-comparison site called; null for a host that is no store, or a store not active. */
export async function storeOfHost(platform: Platform & { storeResolver: StoreResolver }, host: string | undefined): Promise<Store | null> {
  const key = host ? platform.storeResolver.keyForHost(host) : null;
  const ref = key ? await platform.storeResolver.resolve({ host }).catch(() => null) : null;
  const store = ref ? await platform.dataSource.getRepository(Store).findOne({ where: { id: ref.id } }) : null;
  return store?.status === "active" ? store : null;
}

/** Rials (a numeric column's text or a number) to whole Tomans, as both sites read prices: a part of a Toman is dropped. */
export const tomansOf = (rials: number | string): number => Math.floor(rialsToTomans(Number(rials)));

/** How many pages `total` entries fill at `size` a page (one, empty, when there are none). */
export const pagesOf = (total: number, size: number): number => Math.max(1, Math.ceil(total / size));

/** The rows of page `page` (from 1) at `size` a page, as LIMIT and OFFSET. */
export const pageWindow = (page: number, size: number): { limit: number; offset: number } => ({ limit: size, offset: (page - 1) * size });

/**
 * Where each site calls a store, on the store's own host (the routes mount them; the back office shows them):
 * Torob's is its guide's example path; Emalls' is Mall's choice (no public document names one).
 */
export const TOROB_PATH = "/torob_api/v3/products";
export const EMALLS_PATH = "/emalls_api/products";
