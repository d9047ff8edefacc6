import { recordAudit } from "../audit/audit.service.js";
import { isUniqueViolation } from "../db/errors.js";
import { findInStoreOrFail } from "../db/find-in-store.js";
import { ValidationError } from "../core/errors.js";
import { authorize } from "../identity/authorization.js";
import type { ServiceContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import { recordStoreChanged } from "../tenancy/tenancy.service.js";
import { discountCodeKey } from "./discount-code.js";
import { Discount } from "./discount.entity.js";
import { DiscountCodeTakenError, DiscountNotFoundError } from "./discounts.errors.js";
import {
  createDiscountSchema,
  updateDiscountSchema,
  type CreateDiscountInput,
  type DiscountFields,
  type UpdateDiscountInput,
} from "./discounts.schemas.js";
import { formatNumber } from "@mall/locale";

/**
 * A store's discounts, for its merchants (the API and the back office call
 * these; each checks `store.manage` through the one authorisation helper).
 * Checkout reads them through discount-pricing.ts and counts uses through
 * discount-usage.ts; nothing else changes `used_count`.
 */

async function canManage(ctx: ServiceContext, storeId: string): Promise<void> {
  await authorize(ctx, "store.manage", { storeId });
  // Staff pass authorize() for any id; a store that does not exist is still a 404.
  if (!(await ctx.manager.existsBy(Store, { id: storeId }))) throw new StoreNotFoundError();
}

/** The rules across fields, on the discount as it will be saved; the field to blame is named. */
async function checkConsistency(ctx: ServiceContext, storeId: string, next: DiscountFields & { usedCount: number }): Promise<void> {
  if (next.kind === "percentage" && next.value > 100) throw new ValidationError("value", "درصد تخفیف حداکثر ۱۰۰ است.");
  if (next.value === 0 && !next.freeShipping)
    throw new ValidationError("value", "مقدار تخفیف را وارد کنید (صفر فقط برای تخفیفِ ارسال رایگان).");
  if (next.startsAt && next.endsAt && next.endsAt <= next.startsAt)
    throw new ValidationError("endsAt", "زمان پایان باید بعد از زمان شروع باشد.");
  if (next.usageLimit !== null && next.usageLimit < next.usedCount) {
    throw new ValidationError(
      "usageLimit",
      `این تخفیف تا کنون ${formatNumber(next.usedCount)} بار استفاده شده است؛ سقف کمتر از آن ممکن نیست.`,
    );
  }
  if (next.scope === "categories") {
    if (next.categoryIds.length === 0) throw new ValidationError("categoryIds", "دسته‌هایی را که تخفیف شامل آن‌ها می‌شود انتخاب کنید.");
    const [{ found }] = (await ctx.manager.query(
      `SELECT count(*)::int AS found FROM categories WHERE store_id = $1 AND id = ANY($2::uuid[])`,
      [storeId, next.categoryIds],
    )) as [{ found: number }];
    if (found !== new Set(next.categoryIds).size)
      throw new ValidationError("categoryIds", "یکی از دسته‌های انتخاب‌شده در این فروشگاه نیست.");
  }
  if (next.scope === "products") {
    if (next.productIds.length === 0) throw new ValidationError("productIds", "کالاهایی را که تخفیف شامل آن‌ها می‌شود انتخاب کنید.");
    const [{ found }] = (await ctx.manager.query(
      `SELECT count(*)::int AS found FROM products WHERE store_id = $1 AND id = ANY($2::uuid[])`,
      [storeId, next.productIds],
    )) as [{ found: number }];
    if (found !== new Set(next.productIds).size) throw new ValidationError("productIds", "یکی از کالاهای انتخاب‌شده در این فروشگاه نیست.");
  }
}

/** An automatic promotion shows on the site (the home page's discounted products, the cards' badge): any change rebuilds it. */
async function promotionsChanged(ctx: ServiceContext, storeId: string, ...discounts: Array<Pick<Discount, "code">>): Promise<void> {
  if (!discounts.some((discount) => discount.code === null)) return;
  await recordStoreChanged(ctx, await ctx.manager.findOneByOrFail(Store, { id: storeId }), { change: "promotions" });
}

/** Saves, turning the per-store unique code into a 409 naming `code`. */
async function saveDiscount(ctx: ServiceContext, discount: Discount): Promise<Discount> {
  try {
    return await ctx.manager.getRepository(Discount).save(discount);
  } catch (error) {
    if (isUniqueViolation(error, "discounts_store_code_key")) throw new DiscountCodeTakenError();
    throw error;
  }
}

/** The fields the audit log keeps of a discount (dates as instants, amounts in Rials). */
function audited(discount: Discount): Record<string, unknown> {
  const { title, code, kind, value, scope, categoryIds, productIds, minOrderAmount, usageLimit, perCustomerLimit, freeShipping, isActive } =
    discount;
  return {
    title,
    code,
    kind,
    value,
    scope,
    categoryIds,
    productIds,
    minOrderAmount,
    startsAt: discount.startsAt?.toISOString() ?? null,
    endsAt: discount.endsAt?.toISOString() ?? null,
    usageLimit,
    perCustomerLimit,
    freeShipping,
    isActive,
  };
}

/** Every discount of the store, newest first. */
export async function listDiscounts(ctx: ServiceContext, storeId: string): Promise<Discount[]> {
  await canManage(ctx, storeId);
  return ctx.manager.find(Discount, { where: { storeId }, order: { createdAt: "DESC", id: "ASC" } });
}

export async function getDiscount(ctx: ServiceContext, storeId: string, id: string): Promise<Discount> {
  await canManage(ctx, storeId);
  return findInStoreOrFail(ctx, Discount, storeId, id, () => new DiscountNotFoundError());
}

/** Adds a discount code, or (without a code) an automatic promotion. */
export async function createDiscount(ctx: ServiceContext, storeId: string, input: CreateDiscountInput): Promise<Discount> {
  const data = createDiscountSchema.parse(input);
  await canManage(ctx, storeId);
  await checkConsistency(ctx, storeId, { ...data, usedCount: 0 });
  const repository = ctx.manager.getRepository(Discount);
  const saved = await saveDiscount(
    ctx,
    repository.create({ ...data, storeId, codeKey: data.code === null ? null : discountCodeKey(data.code), usedCount: 0 }),
  );
  await recordAudit(ctx, {
    storeId,
    action: "discount.created",
    entityType: "discount",
    entityId: saved.id,
    before: null,
    after: audited(saved),
  });
  await promotionsChanged(ctx, storeId, saved);
  return saved;
}

/** Changes a discount; orders placed with it keep the lines and amounts they were placed with. */
export async function updateDiscount(ctx: ServiceContext, storeId: string, id: string, input: UpdateDiscountInput): Promise<Discount> {
  const data = updateDiscountSchema.parse(input);
  const discount = await getDiscount(ctx, storeId, id);
  const before = audited(discount);
  const wasCode = discount.code;
  const changes = Object.fromEntries(Object.entries(data).filter(([, value]) => value !== undefined)) as Partial<DiscountFields>;
  const next = Object.assign(discount, changes);
  if (changes.code !== undefined) next.codeKey = changes.code === null ? null : discountCodeKey(changes.code);
  await checkConsistency(ctx, storeId, next);
  const saved = await saveDiscount(ctx, next);
  await recordAudit(ctx, {
    storeId,
    action: "discount.updated",
    entityType: "discount",
    entityId: saved.id,
    before,
    after: audited(saved),
  });
  await promotionsChanged(ctx, storeId, saved, { code: wasCode });
  return saved;
}

/** Removes a discount; orders keep their copies of its lines (their discount_id becomes null). */
export async function deleteDiscount(ctx: ServiceContext, storeId: string, id: string): Promise<void> {
  const discount = await getDiscount(ctx, storeId, id);
  await ctx.manager.delete(Discount, { storeId, id: discount.id });
  await recordAudit(ctx, {
    storeId,
    action: "discount.deleted",
    entityType: "discount",
    entityId: discount.id,
    before: audited(discount),
    after: null,
  });
  await promotionsChanged(ctx, storeId, discount);
}
