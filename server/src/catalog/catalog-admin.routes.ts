import type { Request } from "express";
import { authorize, type StorePermission } from "../identity/authorization.js";
import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { ServiceContext } from "../core/context.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { Store } from "../tenancy/store.entity.js";
import { StoreNotFoundError } from "../tenancy/tenancy.errors.js";
import {
  addAttributeValue,
  applicableAttributes,
  createAttribute,
  deleteAttribute,
  deleteAttributeValue,
  updateAttribute,
  updateAttributeValue,
} from "./attribute.service.js";
import {
  presentAttribute,
  presentAttributeValue,
  presentCategory,
  presentProduct,
  presentProductPage,
  presentTree,
} from "./catalog.presenters.js";
import {
  attributeListSchema,
  attributeSchema,
  attributeValueInputSchema,
  attributeValueSchema,
  categorySchema,
  categoryTreeSchema,
  createAttributeSchema,
  createCategorySchema,
  createProductSchema,
  generateInstancesSchema,
  generateResultSchema,
  instanceSchema,
  moveCategorySchema,
  productListSchema,
  productQuerySchema,
  productSchema,
  updateAttributeSchema,
  updateAttributeValueSchema,
  updateCategorySchema,
  updateInstanceSchema,
  updateProductSchema,
} from "./catalog.schemas.js";
import {
  buildTree,
  createCategory,
  deleteCategory,
  getCategory,
  listCategories,
  moveCategory,
  updateCategory,
} from "./category.service.js";
import { generateInstances, updateInstance } from "./instance.service.js";
import { listProducts } from "./product-search.service.js";
import { createProduct, deactivateProduct, getProduct, productDetail, updateProduct } from "./product.service.js";

const uuid = (message: string) => z.uuid(message);
const storeParams = z.object({ storeId: uuid("شناسهٔ فروشگاه معتبر نیست.") });
const categoryParams = storeParams.extend({ categoryId: uuid("شناسهٔ دسته معتبر نیست.") });
const attributeParams = storeParams.extend({ attributeId: uuid("شناسهٔ ویژگی معتبر نیست.") });
const valueParams = attributeParams.extend({ valueId: uuid("شناسهٔ مقدار ویژگی معتبر نیست.") });
const productParams = storeParams.extend({ productId: uuid("شناسهٔ محصول معتبر نیست.") });
const instanceParams = storeParams.extend({ instanceId: uuid("شناسهٔ مدل محصول معتبر نیست.") });
const deletedSchema = z.object({ deleted: z.literal(true) });

/**
 * Lets the actor read (any member) or change (`catalog:write`: owner, manager,
 * catalog staff) this store's catalog, or staff, through the one
 * authorisation helper. Another store answers 404, exactly as a store that
 * does not exist.
 */
async function canManage(ctx: ServiceContext, storeId: string, permission: StorePermission): Promise<void> {
  await authorize(ctx, permission, { storeId });
  // Staff pass authorize() for any id; a store that does not exist is still a 404, not a foreign-key error.
  if (!(await ctx.manager.existsBy(Store, { id: storeId }))) throw new StoreNotFoundError();
}

/** The back office's side of the catalog: `/stores/:storeId/…`, signed in, one transaction per change. */
export function catalogAdminRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource } = platform;
  const write = <T>(req: Request, storeId: string, work: (ctx: ServiceContext) => Promise<T>) =>
    inTransaction(req, dataSource, async (ctx) => {
      await canManage(ctx, storeId, "catalog:write");
      return work(ctx);
    });
  const read = async <T>(req: Request, storeId: string, work: (ctx: ServiceContext) => Promise<T>) => {
    const ctx = readContext(req, dataSource);
    await canManage(ctx, storeId, "store:read");
    return work(ctx);
  };
  const detail = async (ctx: ServiceContext, storeId: string, productId: string) =>
    presentProduct(await productDetail(ctx, await getProduct(ctx, storeId, productId), { activeInstancesOnly: false }));
  const tags = ["catalog (merchant)"];
  const common = { tags, auth: true, errors: [403 as const, 404 as const] };

  return [
    defineRoute({
      ...common,
      method: "get",
      path: "/stores/:storeId/categories",
      summary: "The store's category tree",
      params: storeParams,
      response: categoryTreeSchema,
      handler: ({ params }, req) =>
        read(req, params.storeId, async (ctx) => ({ items: presentTree(buildTree(await listCategories(ctx, params.storeId))) })),
    }),
    defineRoute({
      ...common,
      method: "post",
      path: "/stores/:storeId/categories",
      summary: "Creates a category, at the root or under a parent",
      params: storeParams,
      body: createCategorySchema,
      response: categorySchema,
      status: 201,
      errors: [403, 404, 409],
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) => presentCategory(await createCategory(ctx, params.storeId, body))),
    }),
    defineRoute({
      ...common,
      method: "patch",
      path: "/stores/:storeId/categories/:categoryId",
      summary: "Renames a category or changes its slug or categorizer flag",
      params: categoryParams,
      body: updateCategorySchema,
      response: categorySchema,
      errors: [403, 404, 409],
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) => presentCategory(await updateCategory(ctx, params.storeId, params.categoryId, body))),
    }),
    defineRoute({
      ...common,
      method: "post",
      path: "/stores/:storeId/categories/:categoryId/move",
      summary: "Moves a category and its subtree under another category (or to the root); never into its own subtree",
      params: categoryParams,
      body: moveCategorySchema,
      response: categorySchema,
      errors: [403, 404, 422],
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) => presentCategory(await moveCategory(ctx, params.storeId, params.categoryId, body))),
    }),
    defineRoute({
      ...common,
      method: "delete",
      path: "/stores/:storeId/categories/:categoryId",
      summary: "Deletes a category with no subcategories and no products",
      params: categoryParams,
      response: deletedSchema,
      errors: [403, 404, 409],
      handler: ({ params }, req) =>
        write(req, params.storeId, async (ctx) => {
          await deleteCategory(ctx, params.storeId, params.categoryId);
          return { deleted: true as const };
        }),
    }),
    defineRoute({
      ...common,
      method: "get",
      path: "/stores/:storeId/categories/:categoryId/attributes",
      summary: "Every attribute that applies to a category: its own and its ancestors'",
      params: categoryParams,
      response: attributeListSchema,
      handler: ({ params }, req) =>
        read(req, params.storeId, async (ctx) => ({
          items: (await applicableAttributes(ctx, await getCategory(ctx, params.storeId, params.categoryId))).map(presentAttribute),
        })),
    }),
    defineRoute({
      ...common,
      method: "post",
      path: "/stores/:storeId/categories/:categoryId/attributes",
      summary: "Defines an attribute (with values) on a category; it applies to every category below it too",
      params: categoryParams,
      body: createAttributeSchema,
      response: attributeSchema,
      status: 201,
      errors: [403, 404, 409],
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) => presentAttribute(await createAttribute(ctx, params.storeId, params.categoryId, body))),
    }),
    defineRoute({
      ...common,
      method: "patch",
      path: "/stores/:storeId/attributes/:attributeId",
      summary: "Changes an attribute's Persian name, flags or order",
      params: attributeParams,
      body: updateAttributeSchema,
      response: attributeSchema,
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) => presentAttribute(await updateAttribute(ctx, params.storeId, params.attributeId, body))),
    }),
    defineRoute({
      ...common,
      method: "delete",
      path: "/stores/:storeId/attributes/:attributeId",
      summary: "Deletes an attribute no product uses",
      params: attributeParams,
      response: deletedSchema,
      errors: [403, 404, 409],
      handler: ({ params }, req) =>
        write(req, params.storeId, async (ctx) => {
          await deleteAttribute(ctx, params.storeId, params.attributeId);
          return { deleted: true as const };
        }),
    }),
    defineRoute({
      ...common,
      method: "post",
      path: "/stores/:storeId/attributes/:attributeId/values",
      summary: "Adds a value to an attribute (a swatch for colors)",
      params: attributeParams,
      body: attributeValueInputSchema,
      response: attributeValueSchema,
      status: 201,
      errors: [403, 404, 409],
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) =>
          presentAttributeValue(await addAttributeValue(ctx, params.storeId, params.attributeId, body)),
        ),
    }),
    defineRoute({
      ...common,
      method: "patch",
      path: "/stores/:storeId/attributes/:attributeId/values/:valueId",
      summary: "Renames a value or changes its swatch or order",
      params: valueParams,
      body: updateAttributeValueSchema,
      response: attributeValueSchema,
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) =>
          presentAttributeValue(await updateAttributeValue(ctx, params.storeId, params.attributeId, params.valueId, body)),
        ),
    }),
    defineRoute({
      ...common,
      method: "delete",
      path: "/stores/:storeId/attributes/:attributeId/values/:valueId",
      summary: "Deletes a value no product uses",
      params: valueParams,
      response: deletedSchema,
      errors: [403, 404, 409],
      handler: ({ params }, req) =>
        write(req, params.storeId, async (ctx) => {
          await deleteAttributeValue(ctx, params.storeId, params.attributeId, params.valueId);
          return { deleted: true as const };
        }),
    }),
    defineRoute({
      ...common,
      method: "get",
      path: "/stores/:storeId/products",
      summary: "The store's products, inactive ones included: search, filters, sorting, cursor pages",
      params: storeParams,
      query: productQuerySchema,
      response: productListSchema,
      handler: ({ params, query }, req) =>
        read(req, params.storeId, async (ctx) =>
          presentProductPage(await listProducts(ctx, params.storeId, query, { includeInactive: true })),
        ),
    }),
    defineRoute({
      ...common,
      method: "post",
      path: "/stores/:storeId/products",
      summary: "Creates a product with its attribute choices and generates its instances",
      params: storeParams,
      body: createProductSchema,
      response: productSchema,
      status: 201,
      errors: [403, 404, 409],
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) => detail(ctx, params.storeId, (await createProduct(ctx, params.storeId, body)).id)),
    }),
    defineRoute({
      ...common,
      method: "get",
      path: "/stores/:storeId/products/:productId",
      summary: "One product with all its instances, inactive ones included",
      params: productParams,
      response: productSchema,
      handler: ({ params }, req) => read(req, params.storeId, (ctx) => detail(ctx, params.storeId, params.productId)),
    }),
    defineRoute({
      ...common,
      method: "patch",
      path: "/stores/:storeId/products/:productId",
      summary: "Changes a product; new attribute choices or a new category regenerate its instances (stock is kept)",
      params: productParams,
      body: updateProductSchema,
      response: productSchema,
      errors: [403, 404, 409],
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) => {
          await updateProduct(ctx, params.storeId, params.productId, body);
          return detail(ctx, params.storeId, params.productId);
        }),
    }),
    defineRoute({
      ...common,
      method: "delete",
      path: "/stores/:storeId/products/:productId",
      summary: "Deactivates a product (orders that name it stay valid)",
      params: productParams,
      response: productSchema,
      handler: ({ params }, req) =>
        write(req, params.storeId, async (ctx) => {
          await deactivateProduct(ctx, params.storeId, params.productId);
          return detail(ctx, params.storeId, params.productId);
        }),
    }),
    defineRoute({
      ...common,
      method: "post",
      path: "/stores/:storeId/products/:productId/instances/generate",
      summary: "Regenerates instances from the chosen categorizer values: new combinations are added, existing ones keep their stock",
      params: productParams,
      body: generateInstancesSchema,
      response: generateResultSchema,
      errors: [403, 404, 409],
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) => {
          const result = await generateInstances(ctx, params.storeId, params.productId, body);
          return { ...result, product: await detail(ctx, params.storeId, params.productId) };
        }),
    }),
    defineRoute({
      ...common,
      method: "patch",
      path: "/stores/:storeId/instances/:instanceId",
      summary: "Changes an instance's SKU, price, stock (counted `stock` or a `stockDelta`) or active flag",
      params: instanceParams,
      body: updateInstanceSchema,
      response: instanceSchema,
      errors: [403, 404, 409],
      handler: ({ params, body }, req) =>
        write(req, params.storeId, async (ctx) => {
          const instance = await updateInstance(ctx, params.storeId, params.instanceId, body);
          return (await detail(ctx, params.storeId, instance.productId)).instances.find((item) => item.id === instance.id)!;
        }),
    }),
    defineRoute({
      ...common,
      method: "delete",
      path: "/stores/:storeId/instances/:instanceId",
      summary: "Deactivates an instance (orders that name it stay valid)",
      params: instanceParams,
      response: instanceSchema,
      handler: ({ params }, req) =>
        write(req, params.storeId, async (ctx) => {
          const instance = await updateInstance(ctx, params.storeId, params.instanceId, { isActive: false });
          return (await detail(ctx, params.storeId, instance.productId)).instances.find((item) => item.id === instance.id)!;
        }),
    }),
  ];
}
