import { formatJalaliDateTime, formatNumber, parseTomans, rialsToTomans } from "@mall/locale";
import { categoriesByName, categoryNames } from "@mall/server/catalog/category.service.js";
import { productNames, productsByName } from "@mall/server/catalog/product.service.js";
import { DISCOUNT_KINDS, DISCOUNT_SCOPES, Discount, type DiscountKind } from "@mall/server/discounts/discount.entity.js";
import { createDiscount, deleteDiscount, updateDiscount } from "@mall/server/discounts/discount.service.js";
import type { ServiceContext } from "@mall/server/core/context.js";
import type { ParamsType, ResourceWithOptions } from "adminjs";
import type { Access } from "../access.js";
import { fieldError } from "../errors.js";
import { hidden, persianNumber, readOnly, storeChoice, timestamps, toman } from "../features/properties.js";
import { boolean, defined, has, integer, compactDigits, nullableInteger, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";
import { storeForNewRow } from "./store-choice.js";

const list = (raw: string) =>
  raw
    .split(/[،,\n]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);

/** Category names as the merchant types them («پوشاک، کفش»), as ids of the store's categories (found by the catalog service). */
async function categoryIdsOf(ctx: ServiceContext, storeId: string, raw: string): Promise<string[]> {
  const typed = list(raw);
  const found = await categoriesByName(ctx, storeId, typed);
  return typed.map((name, index) => {
    const category = found[index];
    if (!category) throw fieldError("categoryIds", `دستهٔ «${name}» در این فروشگاه نیست؛ نام دسته‌ها را با ویرگول جدا کنید.`);
    return category.id;
  });
}

/** Products by name or slug («ماگ سفالی، tee»), as ids of the store's products (found by the catalog service). */
async function productIdsOf(ctx: ServiceContext, storeId: string, raw: string): Promise<string[]> {
  const typed = list(raw);
  const found = await productsByName(ctx, storeId, typed);
  return typed.map((name, index) => {
    const product = found[index];
    if (!product) throw fieldError("productIds", `کالای «${name}» در این فروشگاه نیست؛ نام یا نامک کالاها را با ویرگول جدا کنید.`);
    return product.id;
  });
}

/**
 * A store's discount codes and automatic promotions, read within the
 * person's stores and written only through the discount service. The value
 * is a percentage, or Tomans for a fixed amount; starts and ends are typed
 * as Jalali date and Tehran time («۱۴۰۴/۰۹/۰۱ ۱۴:۳۰»); categories and
 * products are typed by name.
 */
export class DiscountResource extends ServiceResource<Discount> {
  protected readonly resourceId = "discounts";
  protected readonly entity = Discount;
  protected readonly alias = "discount";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "title", column: "title", match: "persian" },
      { path: "code", column: "code", match: "persian" },
      { path: "kind", column: "kind", availableValues: DISCOUNT_KINDS },
      { path: "value", column: "value", isSortable: false },
      { path: "scope", column: "scope", availableValues: DISCOUNT_SCOPES },
      { path: "categoryIds", type: "textarea", isSortable: false },
      { path: "productIds", type: "textarea", isSortable: false },
      { path: "minOrderAmount", numeric: true, column: "minOrderAmount" },
      { path: "startsAt", column: "startsAt" },
      { path: "endsAt", column: "endsAt" },
      { path: "usageLimit", numeric: true, column: "usageLimit" },
      { path: "perCustomerLimit", numeric: true, column: "perCustomerLimit" },
      { path: "usedCount", numeric: true, column: "usedCount" },
      { path: "freeShipping", type: "boolean", column: "freeShipping" },
      { path: "isActive", type: "boolean", column: "isActive" },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  /** The names of a page's categories and products, each looked up in its discount's own store by the catalog service. */
  protected override async present(rows: Discount[], access: Access): Promise<ParamsType[]> {
    const ctx: ServiceContext = { manager: this.manager(), actor: access.actor, surface: "admin" };
    const names = new Map<string, Map<string, string>>();
    for (const storeId of new Set(rows.map((row) => row.storeId))) {
      const mine = rows.filter((row) => row.storeId === storeId);
      const categories = await categoryNames(ctx, storeId, [...new Set(mine.flatMap((row) => row.categoryIds))]);
      const products = await productNames(ctx, storeId, [...new Set(mine.flatMap((row) => row.productIds))]);
      names.set(storeId, new Map([...categories, ...products]));
    }
    return rows.map((row) => {
      const named = (id: string) => names.get(row.storeId)?.get(id) ?? id;
      return {
        ...this.toParams(row),
        categoryIds: row.categoryIds.map(named).join("، "),
        productIds: row.productIds.map(named).join("، "),
      };
    });
  }

  protected override toParams(discount: Discount): ParamsType {
    return {
      ...discount,
      // Typed and read as a percentage, or Tomans for a fixed amount.
      value: formatNumber(discount.kind === "fixed" ? rialsToTomans(discount.value) : discount.value, { grouping: false }),
      startsAt: discount.startsAt ? formatJalaliDateTime(discount.startsAt) : "",
      endsAt: discount.endsAt ? formatJalaliDateTime(discount.endsAt) : "",
    };
  }

  /** What the form posted, as the service's input (absent fields stay absent). */
  private async input(ctx: ServiceContext, storeId: string, params: Params, kind: DiscountKind | undefined) {
    const rawValue = text(params, "value");
    let value: number | undefined;
    if (rawValue !== undefined) {
      const digits = compactDigits(rawValue);
      const read = kind === "fixed" ? parseTomans(rawValue) : /^\d+$/.test(digits) ? Number(digits) : null;
      if (read === null) throw fieldError("value", "مقدار تخفیف را با عدد بنویسید: درصد، یا مبلغ به تومان.");
      value = read;
    }
    const moment = (field: "startsAt" | "endsAt") => (has(params, field) ? text(params, field)?.trim() || null : undefined);
    return defined({
      title: text(params, "title")?.trim(),
      code: has(params, "code") ? text(params, "code")?.trim() || null : undefined,
      kind,
      value,
      scope: (text(params, "scope") || undefined) as (typeof DISCOUNT_SCOPES)[number] | undefined,
      categoryIds: has(params, "categoryIds") ? await categoryIdsOf(ctx, storeId, text(params, "categoryIds") ?? "") : undefined,
      productIds: has(params, "productIds") ? await productIdsOf(ctx, storeId, text(params, "productIds") ?? "") : undefined,
      minOrderAmount: integer(params, "minOrderAmount") as number | undefined,
      startsAt: moment("startsAt"),
      endsAt: moment("endsAt"),
      usageLimit: nullableInteger(params, "usageLimit") as number | null | undefined,
      perCustomerLimit: nullableInteger(params, "perCustomerLimit") as number | null | undefined,
      freeShipping: boolean(params, "freeShipping"),
      isActive: boolean(params, "isActive"),
    });
  }

  protected override async createRow(scope: WriteScope, params: Params): Promise<Discount> {
    const storeId = await storeForNewRow(scope, text(params, "storeId"));
    const kind = (text(params, "kind") || undefined) as DiscountKind | undefined;
    return createDiscount(scope.ctx, storeId, (await this.input(scope.ctx, storeId, params, kind)) as Parameters<typeof createDiscount>[2]);
  }

  protected override async updateRow({ ctx }: WriteScope, discount: Discount, params: Params): Promise<Discount> {
    const kind = (text(params, "kind") || discount.kind) as DiscountKind;
    return updateDiscount(
      ctx,
      discount.storeId,
      discount.id,
      (await this.input(ctx, discount.storeId, params, kind)) as Parameters<typeof updateDiscount>[3],
    );
  }

  protected override async deleteRow({ ctx }: WriteScope, discount: Discount): Promise<void> {
    await deleteDiscount(ctx, discount.storeId, discount.id);
  }
}

export function discountResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new DiscountResource(deps),
    options: {
      navigation: { name: "sales", icon: "Percent" },
      titleProperty: "title",
      listProperties: ["title", "code", "kind", "value", "scope", "usedCount", "usageLimit", "endsAt", "isActive"],
      showProperties: [
        "title",
        "code",
        "kind",
        "value",
        "scope",
        "categoryIds",
        "productIds",
        "minOrderAmount",
        "startsAt",
        "endsAt",
        "usageLimit",
        "perCustomerLimit",
        "usedCount",
        "freeShipping",
        "isActive",
        "storeId",
        "createdAt",
        "updatedAt",
      ],
      editProperties: [
        "storeId",
        "title",
        "code",
        "kind",
        "value",
        "scope",
        "categoryIds",
        "productIds",
        "minOrderAmount",
        "startsAt",
        "endsAt",
        "usageLimit",
        "perCustomerLimit",
        "freeShipping",
        "isActive",
      ],
      filterProperties: ["title", "code", "kind", "isActive", "storeId"],
      properties: {
        id: hidden,
        storeId: storeChoice,
        title: { isTitle: true, isRequired: true, description: "discountTitleHelp" },
        code: { description: "discountCodeHelp" },
        kind: { isRequired: true },
        value: { isRequired: true, description: "discountValueHelp" },
        scope: { description: "discountScopeHelp" },
        categoryIds: { type: "textarea", description: "discountCategoriesHelp" },
        productIds: { type: "textarea", description: "discountProductsHelp" },
        minOrderAmount: { ...toman },
        startsAt: { description: "discountMomentHelp" },
        endsAt: { description: "discountMomentHelp" },
        usageLimit: { ...persianNumber, description: "discountLimitHelp" },
        perCustomerLimit: { ...persianNumber, description: "discountLimitHelp" },
        usedCount: { ...persianNumber, ...readOnly },
        ...timestamps(),
      },
    },
  };
}
