import { lowStockInstances } from "@mall/server/catalog/instance.service.js";
import type { ServiceContext } from "@mall/server/core/context.js";
import type { Platform } from "@mall/server/platform/platform.js";
import { orderStats } from "@mall/server/orders/order-stats.js";
import { latestBuilds } from "@mall/server/sites/site-build.service.js";
import { storeReadiness, type StoreReadiness } from "@mall/server/tenancy/store-readiness.js";
import { platformCounts, storesAmong } from "@mall/server/tenancy/tenancy.service.js";
import { toGregorian, toJalaali } from "jalaali-js";
import type { Access } from "../access.js";

/** Instances at or below this many units are listed as running out. */
export const LOW_STOCK_THRESHOLD = 5;

export interface OrderSummary {
  orders: number;
  revenueRials: number;
}

/**
 * Where the dashboard's order figures come from: by default the orders
 * service (ordersFromOrderService), counting paid and later orders of the
 * given stores in the range; the dashboard shows it as it is.
 */
export interface OrderStatsSource {
  /** False for a source with no orders behind it: the dashboard says «هنوز سفارشی ثبت نشده» instead of a row of zeros. */
  readonly available: boolean;
  summary(ctx: ServiceContext, storeIds: readonly string[] | "all", range: { from: Date; to: Date }): Promise<OrderSummary>;
}

export const noOrdersYet: OrderStatsSource = {
  available: false,
  async summary() {
    return { orders: 0, revenueRials: 0 };
  },
};

/** The orders service's figures: paid (and later) orders placed in the range, of the person's stores. */
export const ordersFromOrderService: OrderStatsSource = {
  available: true,
  summary: (ctx, storeIds, range) => orderStats(ctx, storeIds, range),
};

/**
 * The start of today and of this Jalali month in Tehran. Iran has kept
 * +03:30 all year since 2022 (no daylight saving), so midnight there is a
 * fixed offset from UTC.
 */
export function tehranPeriods(now = new Date()): { today: Date; month: Date } {
  const offsetMs = 3.5 * 3600_000;
  const local = new Date(now.getTime() + offsetMs);
  const [y, m, d] = [local.getUTCFullYear(), local.getUTCMonth() + 1, local.getUTCDate()];
  const today = new Date(Date.UTC(y, m - 1, d) - offsetMs);
  const { jy, jm } = toJalaali(y, m, d);
  const first = toGregorian(jy, jm, 1);
  const month = new Date(Date.UTC(first.gy, first.gm - 1, first.gd) - offsetMs);
  return { today, month };
}

export interface DashboardData {
  staff: boolean;
  orders: { available: boolean; today: OrderSummary; month: OrderSummary };
  stores: Array<{
    id: string;
    name: string;
    slug: string;
    status: string;
    latestBuild: { status: string; createdAt: string; finishedAt: string | null; pageCount: number | null; error: string | null } | null;
    /** «راه‌اندازی فروشگاه» and the eNamad readiness list; for the merchant's own stores (staff see none). */
    readiness: StoreReadiness | null;
  }>;
  lowStock: Array<{ instanceId: string; productId: string; productName: string; sku: string; stock: number; storeName: string }>;
  lowStockThreshold: number;
  /** Platform staff's figures: accounts, stores, requests waiting, own domains, and every store's paid orders and revenue to date. */
  platform: {
    tenants: number;
    stores: number;
    suspended: number;
    users: number;
    pendingRequests: number;
    domains: number;
    domainsWaiting: number;
    orders: OrderSummary;
  } | null;
}

/** The home page: today's and this month's orders, instances running out, and each store's latest site build. */
export async function dashboardData(
  platform: Platform,
  access: Access,
  orders: OrderStatsSource = noOrdersYet,
  now = new Date(),
): Promise<DashboardData> {
  const ctx: ServiceContext = { manager: platform.dataSource.manager, actor: access.actor };
  const scope = access.storeIds;
  // Staff see every store; their home page lists a few, not thousands.
  const stores = await storesAmong(ctx, scope, 20);
  const periods = tehranPeriods(now);
  const [today, month] = await Promise.all([
    orders.summary(ctx, scope, { from: periods.today, to: now }),
    orders.summary(ctx, scope, { from: periods.month, to: now }),
  ]);

  const lowStock = await lowStockInstances(ctx, scope, LOW_STOCK_THRESHOLD, 10);

  const builds = await Promise.all(stores.map(async (store) => (await latestBuilds(platform, store.id, 1))[0] ?? null));
  const readiness = await Promise.all(stores.map((store) => (access.staff ? null : storeReadiness(ctx, store.id))));

  const counts = access.staff
    ? { ...(await platformCounts(ctx)), orders: await orders.summary(ctx, "all", { from: new Date(0), to: now }) }
    : null;

  return {
    staff: access.staff,
    orders: { available: orders.available, today, month },
    stores: stores.map((store, index) => {
      const build = builds[index];
      return {
        id: store.id,
        name: store.name,
        slug: store.slug,
        status: store.status,
        latestBuild: build
          ? {
              status: build.status,
              createdAt: build.createdAt.toISOString(),
              finishedAt: build.finishedAt?.toISOString() ?? null,
              pageCount: build.pageCount,
              error: build.error,
            }
          : null,
        readiness: readiness[index] ?? null,
      };
    }),
    lowStock: lowStock.map((instance) => ({
      instanceId: instance.id,
      productId: instance.productId,
      productName: instance.product?.nameFa ?? "",
      sku: instance.sku,
      stock: instance.stock,
      storeName: instance.store?.name ?? "",
    })),
    lowStockThreshold: LOW_STOCK_THRESHOLD,
    platform: counts,
  };
}
