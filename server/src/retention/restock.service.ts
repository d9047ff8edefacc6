import { IsNull } from "typeorm";
import { InstanceNotFoundError } from "../catalog/catalog.errors.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { Product } from "../catalog/product.entity.js";
import { getProduct } from "../catalog/product.service.js";
import { systemContext, type ServiceContext } from "../core/context.js";
import { ConflictError } from "../core/errors.js";
import { requireUser } from "../identity/authorization.js";
import { User } from "../identity/user.entity.js";
import { enqueueSms } from "../messaging/sms.queue.js";
import { recordSms, type SmsJobData } from "../messaging/sms.service.js";
import { productPageUrl } from "../social/caption.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { Store } from "../tenancy/store.entity.js";
import { RestockRequest } from "./restock-request.entity.js";
import { takeSmsBudget } from "./sms-budget.js";
import type { RetentionDeps } from "./unpaid-reminder.js";
import { lockForTransaction } from "../db/advisory-lock.js";

/** At most this many waiting shoppers are texted per unit that came back: enough for those who changed their mind, never a crowd for one item. */
export const RESTOCK_NOTIFY_FACTOR = 3;

export interface RestockRequestView {
  instanceId: string;
  productId: string;
  createdAt: Date;
}

/**
 * Puts the signed-in shopper's number on a sold-out variant's waiting list
 * (asking twice keeps the first place). A variant in stock, inactive, or of
 * another product or store is refused.
 */
export async function requestRestockNotice(
  ctx: ServiceContext,
  storeId: string,
  productId: string,
  instanceId: string,
): Promise<RestockRequestView> {
  const { userId } = requireUser(ctx);
  const instance = await ctx.manager.findOne(ProductInstance, { where: { storeId, id: instanceId, productId } });
  const product = instance ? await ctx.manager.findOne(Product, { where: { storeId, id: productId } }) : null;
  if (!instance || !product || !instance.isActive || !product.isActive) throw new InstanceNotFoundError("instanceId");
  if (instance.stock > 0) throw new ConflictError("instanceId", "این مدل هم‌اکنون موجود است؛ می‌توانید همین حالا سفارش دهید.", "in_stock");
  const user = await ctx.manager.findOneByOrFail(User, { id: userId });
  await ctx.manager.query(
    `INSERT INTO restock_requests (store_id, instance_id, product_id, phone, user_id) VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (store_id, instance_id, phone) WHERE notified_at IS NULL DO NOTHING`,
    [storeId, instanceId, productId, user.phone, userId],
  );
  const row = await ctx.manager.findOneOrFail(RestockRequest, {
    where: { storeId, instanceId, phone: user.phone, notifiedAt: IsNull() },
    order: { createdAt: "DESC" },
  });
  return { instanceId: row.instanceId, productId: row.productId, createdAt: row.createdAt };
}

/** The variants of a product the signed-in shopper is waiting for. */
export async function myRestockRequests(ctx: ServiceContext, storeId: string, productId: string): Promise<RestockRequestView[]> {
  const { userId } = requireUser(ctx);
  // Another store's product (or none) is not found here, as on every store route, rather than an empty list.
  await getProduct(ctx, storeId, productId);
  const rows = (await ctx.manager.query(
    `SELECT instance_id, product_id, created_at FROM restock_requests WHERE store_id = $1 AND product_id = $2 AND user_id = $3 AND notified_at IS NULL ORDER BY created_at`,
    [storeId, productId, userId],
  )) as Array<{ instance_id: string; product_id: string; created_at: Date }>;
  return rows.map((row) => ({ instanceId: row.instance_id, productId: row.product_id, createdAt: row.created_at }));
}

/** How many shoppers wait for each of the given variants (the back office's column). */
export async function waitingCounts(
  manager: ServiceContext["manager"],
  storeId: string | null,
  instanceIds: string[],
): Promise<Map<string, number>> {
  if (instanceIds.length === 0) return new Map();
  const rows = (await manager.query(
    `SELECT instance_id, count(*)::int AS waiting FROM restock_requests
      WHERE ($1::uuid IS NULL OR store_id = $1) AND instance_id = ANY($2::uuid[]) AND notified_at IS NULL GROUP BY instance_id`,
    [storeId, instanceIds],
  )) as Array<{ instance_id: string; waiting: number }>;
  return new Map(rows.map((row) => [row.instance_id, row.waiting]));
}

/** The SMS, short and polite: the store, the product and its link. */
export function restockText(input: { storeName: string; productName: string; link: string }): string {
  return [`«${input.storeName}»: «${input.productName}» که منتظرش بودید دوباره موجود شد.`, `خرید: ${input.link}`].join("\n");
}

/**
 * Texts the shoppers waiting for a variant whose stock came back, oldest
 * request first, at most RESTOCK_NOTIFY_FACTOR per unit that came back and
 * within the store's daily SMS budget (the rest keep their place for the
 * next return). Each request is marked with the event in the transaction
 * that records its SMS, under a lock per variant, so a replayed event texts
 * nobody, and a request is texted once.
 */
export async function notifyRestock(
  deps: RetentionDeps,
  storeId: string,
  instanceId: string,
  unitsBack: number,
  eventId: string,
): Promise<number> {
  if (unitsBack <= 0) return 0;
  const jobs = await deps.dataSource.transaction(async (manager): Promise<SmsJobData[]> => {
    // One notifier per variant at a time; the second finds what the first marked.
    await lockForTransaction(manager, "restock", instanceId);
    if (await manager.existsBy(RestockRequest, { storeId, instanceId, notifyEventId: eventId })) return [];
    const instance = await manager.findOne(ProductInstance, { where: { storeId, id: instanceId } });
    if (!instance || !instance.isActive || instance.stock <= 0) return [];
    const product = await manager.findOneByOrFail(Product, { storeId, id: instance.productId });
    if (!product.isActive) return [];
    const waiting = await manager.find(RestockRequest, {
      where: { storeId, instanceId, notifiedAt: IsNull() },
      order: { createdAt: "ASC", id: "ASC" },
      take: Math.min(unitsBack, instance.stock) * RESTOCK_NOTIFY_FACTOR,
    });
    if (waiting.length === 0) return [];
    const store = await manager.findOneByOrFail(Store, { id: storeId });
    const { allowed } = await takeSmsBudget(manager, storeId, store.smsDailyBudget, waiting.length);
    const text = restockText({
      storeName: store.name,
      productName: product.nameFa,
      link: productPageUrl(storeOrigin(deps.config, store), product.slug),
    });
    const sent: SmsJobData[] = [];
    for (const request of waiting.slice(0, allowed)) {
      const sms = await recordSms(systemContext(manager, "retention"), { kind: "restock", to: request.phone, text, storeId }, deps.config);
      await manager.update(
        RestockRequest,
        { storeId, id: request.id },
        { notifiedAt: new Date(), smsMessageId: sms.messageId, notifyEventId: eventId },
      );
      sent.push(sms);
    }
    return sent;
  });
  for (const sms of jobs) await enqueueSms(deps, sms);
  if (jobs.length > 0) deps.logger.info({ storeId, instanceId, notified: jobs.length }, "back-in-stock SMS queued");
  return jobs.length;
}
