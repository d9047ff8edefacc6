import { rateLimit } from "../http/rate-limit.js";
import { onReplica, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { storeOf } from "../tenancy/tenancy.routes.js";
import { applicableAttributes } from "./attribute.service.js";
import {
  presentAttribute,
  presentCategory,
  presentProduct,
  presentProductPage,
  presentProductSummary,
  presentTree,
} from "./catalog.presenters.js";
import {
  categoryPageSchema,
  categoryTreeSchema,
  livePricesQuerySchema,
  livePricesSchema,
  productListSchema,
  productQuerySchema,
  productSchema,
  searchQuerySchema,
  searchResultSchema,
  viewResultSchema,
} from "./catalog.schemas.js";
import { ancestorsOf, buildTree, childrenOf, findCategory, listCategories } from "./category.service.js";
import { listProducts, livePrices, searchCatalog } from "./product-search.service.js";
import { countView } from "./product-views.js";
import { ProductCache } from "./product-cache.js";
import { findProduct, shopperProductDetail } from "./product.service.js";

/** A uuid or a slug (Latin or Persian letters, digits, dashes): what a link to a product or category carries. */
const idOrSlug = (what: string, message: string) =>
  z
    .string()
    .trim()
    .regex(/^[A-Za-z0-9\u0600-\u06ff-]{1,120}$/, message)
    .openapi({ description: `${what} id or slug` });

/**
 * The store site's read side: no sign-in, the store found by Host or X-Store.
 * Only active products and instances are shown. Read from a replica
 * (onReplica): a shopper may see a price or stock a moment old; checkout
 * reads and reserves on the primary.
 */
export function catalogRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource } = platform;
  const productCache = new ProductCache(platform.redis, platform.config.PRODUCT_CACHE_SECONDS, platform.logger);
  return [
    defineRoute({
      method: "get",
      path: "/categories",
      summary: "The store's category tree, siblings ordered by name",
      tags: ["catalog"],
      store: true,
      response: categoryTreeSchema,
      handler: (_input, req) =>
        onReplica(req, dataSource, async (ctx) => ({ items: presentTree(buildTree(await listCategories(ctx, storeOf(req).id))) })),
    }),
    defineRoute({
      method: "get",
      path: "/categories/:slug",
      summary: "A category with its breadcrumbs, children, attributes and the products of its whole subtree",
      tags: ["catalog"],
      store: true,
      params: z.object({ slug: idOrSlug("Category", "نشانی دسته معتبر نیست.") }),
      query: productQuerySchema.omit({ category: true }),
      response: categoryPageSchema,
      errors: [404],
      handler: ({ params, query }, req) =>
        onReplica(req, dataSource, async (ctx) => {
          const storeId = storeOf(req).id;
          const category = await findCategory(ctx, storeId, params.slug);
          const [ancestors, children, attributes, products] = await Promise.all([
            ancestorsOf(ctx, category),
            childrenOf(ctx, category),
            applicableAttributes(ctx, category),
            listProducts(ctx, storeId, query, { category }),
          ]);
          return {
            category: presentCategory(category),
            ancestors: ancestors.map(presentCategory),
            children: children.map(presentCategory),
            attributes: attributes.map(presentAttribute),
            products: presentProductPage(products),
          };
        }),
    }),
    defineRoute({
      method: "get",
      path: "/products",
      summary: "Active products of the store: search, filters, sorting, cursor pages",
      tags: ["catalog"],
      store: true,
      query: productQuerySchema,
      response: productListSchema,
      errors: [404],
      handler: ({ query }, req) =>
        onReplica(req, dataSource, async (ctx) => presentProductPage(await listProducts(ctx, storeOf(req).id, query))),
    }),
    defineRoute({
      method: "get",
      path: "/search",
      summary: "Search as the shopper types: products (an exact name first, then every word, then close spellings) and categories",
      tags: ["catalog"],
      store: true,
      query: searchQuerySchema,
      response: searchResultSchema,
      handler: ({ query }, req) =>
        onReplica(req, dataSource, async (ctx) => {
          const result = await searchCatalog(ctx, storeOf(req).id, query.q, query.limit);
          return { ...result, products: result.products.map((p) => ({ ...presentProductSummary(p), match: p.match })) };
        }),
    }),
    defineRoute({
      method: "get",
      path: "/products/prices",
      summary:
        "Live price and stock of several products: what listing pages show on their cards, from the same cache as a product's own read",
      tags: ["catalog"],
      store: true,
      query: livePricesQuerySchema,
      response: livePricesSchema,
      handler: ({ query }, req) => {
        const storeId = storeOf(req).id;
        const ids = [...query.ids].sort();
        // Filed under the store's cache generation like every product read, so a change forgets both at the same moment.
        return productCache.read(storeId, `prices:${ids.join(",")}`, () =>
          onReplica(req, dataSource, async (ctx) => ({ items: await livePrices(ctx, storeId, ids) })),
        );
      },
    }),
    defineRoute({
      method: "get",
      path: "/products/:id",
      summary: "One active product with its attributes and active instances",
      tags: ["catalog"],
      store: true,
      params: z.object({ id: idOrSlug("Product", "شناسهٔ محصول معتبر نیست.") }),
      response: productSchema,
      errors: [404],
      handler: ({ params }, req) => {
        const storeId = storeOf(req).id;
        // Uncached: one query (shopperProductDetail); cached: the serialised answer, sent as it is.
        return productCache.read(storeId, params.id, () =>
          onReplica(req, dataSource, async (ctx) => presentProduct(await shopperProductDetail(ctx, storeId, params.id))),
        );
      },
    }),
    defineRoute({
      method: "post",
      path: "/products/:id/view",
      summary: "Counts a view of a product (flushed to its view count every minute)",
      tags: ["catalog"],
      store: true,
      params: z.object({ id: z.uuid("شناسهٔ محصول معتبر نیست.") }),
      response: viewResultSchema,
      status: 202,
      errors: [404, 429],
      before: [rateLimit(platform.redis, platform.logger, { name: "product-view", points: 60, durationSeconds: 60, failOpen: true })],
      handler: async ({ params }, req) => {
        const storeId = storeOf(req).id;
        const product = await findProduct(readContext(req, dataSource), storeId, params.id, { activeOnly: true });
        try {
          await countView(platform.redis, storeId, product.id);
          return { counted: true };
        } catch (error) {
          // A lost view is not worth an error on the shopper's page.
          req.log?.warn({ err: error instanceof Error ? error.message : error }, "view not counted");
          return { counted: false };
        }
      },
    }),
  ];
}
