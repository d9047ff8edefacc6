import type { z } from "zod";
import { formatJalaliDateTime } from "@mall/locale";
import type { AppliedDiscount } from "./discount-pricing.js";
import type { Discount, OrderDiscount } from "./discount.entity.js";
import type { discountLineSchema, discountSchema } from "./discounts.schemas.js";

export function presentDiscount(discount: Discount): z.input<typeof discountSchema> {
  return {
    id: discount.id,
    title: discount.title,
    code: discount.code,
    automatic: discount.code === null,
    kind: discount.kind,
    value: discount.value,
    scope: discount.scope,
    categoryIds: discount.categoryIds,
    productIds: discount.productIds,
    minOrderAmount: discount.minOrderAmount,
    startsAt: discount.startsAt?.toISOString() ?? null,
    startsAtJalali: discount.startsAt ? formatJalaliDateTime(discount.startsAt) : null,
    endsAt: discount.endsAt?.toISOString() ?? null,
    endsAtJalali: discount.endsAt ? formatJalaliDateTime(discount.endsAt) : null,
    usageLimit: discount.usageLimit,
    perCustomerLimit: discount.perCustomerLimit,
    usedCount: discount.usedCount,
    freeShipping: discount.freeShipping,
    isActive: discount.isActive,
    createdAt: discount.createdAt.toISOString(),
  };
}

/** A discount line of a cart (applied now) or of an order (as it was placed). */
export function presentDiscountLine(line: AppliedDiscount | OrderDiscount): z.input<typeof discountLineSchema> {
  const source = "orderId" in line ? line : line.discount;
  return {
    title: source.title,
    code: source.code,
    kind: source.kind,
    value: source.value,
    amount: line.amount,
    freeShipping: line.freeShipping,
  };
}
