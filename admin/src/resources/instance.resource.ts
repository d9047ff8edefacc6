import { ProductInstance, ProductInstanceAttribute } from "@mall/server/catalog/product-instance.entity.js";
import { allowedTo } from "../access.js";
import { Product } from "@mall/server/catalog/product.entity.js";
import { updateInstance } from "@mall/server/catalog/instance.service.js";
import { waitingCounts } from "@mall/server/retention/restock.service.js";
import { ValidationError } from "@mall/server/core/errors.js";
import { authorize } from "@mall/server/identity/authorization.js";
import type { ActionContext, ActionHandler, BulkActionResponse, ParamsType, ResourceWithOptions } from "adminjs";
import { ValidationError as AdminValidationError } from "adminjs";
import { In } from "typeorm";
import { historyAction } from "./audit.resource.js";
import { Components } from "../components.js";
import { recordNotFound } from "../errors.js";
import { hidden, nobody, persianNumber, readOnly, storeReference, timestamps, toman } from "../features/properties.js";
import { boolean, defined, integer, nullableInteger, text, type Params } from "./params.js";
import { ServiceResource, type PropertySpec, type ResourceDeps, type Scope, type WriteScope } from "./service-resource.js";
import { formatNumber } from "@mall/locale";

/**
 * Instances (a product's variants): SKU, price and stock are edited here,
 * one by one or stock in bulk, always through the instance service (SKU
 * unique per store, stock never below zero, min price kept, outbox rows).
 * They are generated from the product, never created or deleted here.
 */
export class InstanceResource extends ServiceResource<ProductInstance> {
  protected readonly resourceId = "instances";
  protected readonly entity = ProductInstance;
  protected readonly alias = "instance";
  protected readonly scope: Scope = { kind: "store", column: "storeId" };

  protected specs(): PropertySpec[] {
    return [
      { path: "id", type: "uuid", isId: true, column: "id" },
      { path: "storeId", reference: "stores", column: "storeId" },
      { path: "productId", reference: "products", column: "productId" },
      { path: "sku", column: "sku" },
      { path: "label", isSortable: false },
      { path: "price", numeric: true, column: "price" },
      { path: "effectivePrice", numeric: true, isSortable: false },
      { path: "stock", numeric: true, column: "stock" },
      { path: "isActive", type: "boolean", column: "isActive" },
      { path: "restockWaiting", numeric: true, isSortable: false },
      { path: "createdAt", type: "datetime", column: "createdAt" },
      { path: "updatedAt", type: "datetime", column: "updatedAt" },
    ];
  }

  /**
   * Each instance's attribute values («قرمز / M»), its price after the
   * product's fallback and how many shoppers wait for it to come back
   * («موجود شد خبرم کن», issue 27 #2), in three queries a page.
   */
  protected override async present(rows: ProductInstance[]): Promise<ParamsType[]> {
    if (rows.length === 0) return [];
    const storeIds = [...new Set(rows.map((row) => row.storeId))];
    const [attributes, products, waiting] = await Promise.all([
      this.manager().find(ProductInstanceAttribute, {
        where: { storeId: In(storeIds), instanceId: In(rows.map((row) => row.id)) },
        relations: { attribute: true },
      }),
      this.manager().find(Product, {
        where: { storeId: In(storeIds), id: In([...new Set(rows.map((row) => row.productId))]) },
        select: { id: true, basePrice: true },
      }),
      waitingCounts(
        this.manager(),
        null,
        rows.map((row) => row.id),
      ),
    ]);
    const basePrice = new Map(products.map((product) => [product.id, product.basePrice]));
    return rows.map((row) => ({
      ...row,
      label: attributes
        .filter((attribute) => attribute.instanceId === row.id)
        .sort(
          (a, b) =>
            (a.attribute?.sortOrder ?? 0) - (b.attribute?.sortOrder ?? 0) ||
            (a.attribute?.name ?? "").localeCompare(b.attribute?.name ?? ""),
        )
        .map((attribute) => attribute.value)
        .join(" / "),
      effectivePrice: row.price ?? basePrice.get(row.productId) ?? null,
      restockWaiting: waiting.get(row.id) ?? 0,
    }));
  }

  protected override async updateRow({ ctx }: WriteScope, instance: ProductInstance, params: Params): Promise<ProductInstance> {
    await authorize(ctx, "catalog:write", { storeId: instance.storeId });
    return updateInstance(
      ctx,
      instance.storeId,
      instance.id,
      defined({
        sku: text(params, "sku"),
        price: nullableInteger(params, "price") as number | null | undefined,
        stock: integer(params, "stock") as number | undefined,
        isActive: boolean(params, "isActive"),
      }),
    );
  }

  /**
   * Sets (`set`) or changes (`add`, ± units) the stock of several instances
   * in one transaction: all of them, or, when one would go below zero, none.
   */
  async bulkStock(context: ActionContext, ids: string[], input: { mode: unknown; amount: unknown }): Promise<void> {
    await this.write(
      context,
      async (scope) => {
        const amount = integer({ amount: input.amount }, "amount");
        if (typeof amount !== "number" || !Number.isSafeInteger(amount))
          throw new ValidationError("amount", "تعداد را به عدد صحیح وارد کنید.");
        const mode = input.mode === "add" ? "add" : "set";
        for (const id of ids) {
          const instance = await this.loadForWrite(scope.ctx.manager, scope.access, id);
          await authorize(scope.ctx, "catalog:write", { storeId: instance.storeId });
          await updateInstance(scope.ctx, instance.storeId, instance.id, mode === "add" ? { stockDelta: amount } : { stock: amount });
        }
      },
      (field) => (field === "stock" || field === "stockDelta" ? "amount" : field),
    );
  }
}

const bulkStockHandler: ActionHandler<BulkActionResponse> = async (request, _response, context) => {
  const { records, resource, currentAdmin, h } = context;
  if (!records || records.length === 0) throw recordNotFound();
  const json = () => records.map((record) => record.toJSON(currentAdmin));
  if (request.method !== "post") return { records: json() };
  const payload = (request.payload ?? {}) as Params;
  try {
    await (resource as InstanceResource).bulkStock(
      context,
      records.map((record) => String(record.id())),
      { mode: payload.mode, amount: payload.amount },
    );
  } catch (error) {
    if (error instanceof AdminValidationError) {
      return {
        records: json(),
        errors: error.propertyErrors,
        notice: { message: error.baseError?.message ?? "thereWereValidationErrors", type: "error" },
      };
    }
    throw error;
  }
  return {
    records: json(),
    notice: { message: "stockUpdated", options: { n: formatNumber(records.length) }, type: "success" },
    redirectUrl: h.resourceUrl({ resourceId: "instances" }),
  };
};

export function instanceResource(deps: ResourceDeps): ResourceWithOptions {
  return {
    resource: new InstanceResource(deps),
    options: {
      navigation: { name: "catalog", icon: "Box" },
      titleProperty: "sku",
      listProperties: ["sku", "productId", "label", "effectivePrice", "stock", "restockWaiting", "isActive"],
      showProperties: [
        "sku",
        "productId",
        "label",
        "price",
        "effectivePrice",
        "stock",
        "restockWaiting",
        "isActive",
        "storeId",
        "createdAt",
        "updatedAt",
      ],
      editProperties: ["sku", "price", "stock", "isActive"],
      filterProperties: ["sku", "productId", "isActive", "stock", "storeId"],
      properties: {
        id: hidden,
        storeId: storeReference,
        productId: readOnly,
        sku: { isTitle: true },
        label: { ...readOnly, isVisible: { list: true, show: true, edit: false, filter: false } },
        price: { ...toman, description: "instancePriceHelp" },
        effectivePrice: { ...toman, ...readOnly, isVisible: { list: true, show: true, edit: false, filter: false } },
        stock: { ...persianNumber, components: { ...persianNumber.components } },
        restockWaiting: {
          ...readOnly,
          ...persianNumber,
          description: "خریدارانی که «موجود شد خبرم کن» را زده‌اند و پیامک موجود شدن را هنوز نگرفته‌اند.",
        },
        ...timestamps(),
      },
      actions: {
        history: historyAction,
        edit: { ...allowedTo("catalog:write") },
        new: nobody,
        delete: nobody,
        bulkDelete: nobody,
        bulkStock: {
          ...allowedTo("catalog:write"),
          actionType: "bulk",
          icon: "Edit3",
          component: Components.BulkStock,
          handler: bulkStockHandler,
        },
      },
    },
  };
}
