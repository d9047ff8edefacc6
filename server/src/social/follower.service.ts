import type { Config } from "../config/config.js";
import { ProductNotFoundError } from "../catalog/catalog.errors.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { listProducts } from "../catalog/product-search.service.js";
import { Product } from "../catalog/product.entity.js";
import { findProduct, productDetail } from "../catalog/product.service.js";
import { UUID_PATTERN } from "../core/ids.js";
import type { ServiceContext } from "../core/context.js";
import { storeOrigin } from "../tenancy/store-origin.js";
import { Store } from "../tenancy/store.entity.js";
import { productPageUrl } from "./caption.js";
import { variantsOf, type VariantView } from "./product-variants.js";
import { TelegramFollowerChat } from "./telegram-follower-chat.entity.js";

/**
 * What the follower bot asks of the platform. The bot is one platform bot
 * for every store: the store a chat is about comes from the deep link the
 * follower came in with (a channel post's or a store site's link) and is
 * remembered per chat in the database, so any bot replica answers any chat
 * and nothing per store is kept in memory. Products are found through the
 * catalog's services (its search and Persian normaliser), never by SQL here.
 */

type Urls = Pick<Config, "PUBLIC_URL" | "PLATFORM_DOMAIN">;

/** A product as a card in the chat. */
export interface FollowerCard {
  productId: string;
  storeName: string;
  name: string;
  /** Rials: the lowest price on sale. */
  price: number;
  priceVaries: boolean;
  inStock: boolean;
  /** More than one model (color × size…): worth a "choose a model" button. */
  hasVariants: boolean;
  url: string;
}

/** What a deep link opened: a store, perhaps a product of it; or why nothing. */
export type DeepLinkResult =
  { kind: "store"; store: Store; card?: FollowerCard } | { kind: "none" } | { kind: "not-found" } | { kind: "store-inactive" };

/**
 * The payloads of `t.me/<bot>?start=<payload>` (A-Z a-z 0-9 _ -, up to 64):
 * `p_<productId>` opens a product (and its store), `s_<storeSlug>` a store,
 * `s_<storeSlug>_<productSlug>` a product by slug (Latin slugs only).
 */
export function parseStartPayload(payload: string): { productId: string } | { storeSlug: string; productSlug?: string } | null {
  const trimmed = payload.trim();
  const product = /^p_([0-9a-f-]{36})$/i.exec(trimmed);
  if (product && UUID_PATTERN.test(product[1]!)) return { productId: product[1]!.toLowerCase() };
  const store = /^s_([a-z0-9-]{1,63})(?:_([a-z0-9-]{1,60}))?$/i.exec(trimmed);
  if (store) return { storeSlug: store[1]!.toLowerCase(), ...(store[2] ? { productSlug: store[2].toLowerCase() } : {}) };
  return null;
}

/** The deep link that opens a product in the bot. */
export function productStartPayload(productId: string): string {
  return `p_${productId}`;
}

/** Remembers which store a chat is about (the latest deep link wins). */
export async function rememberChatStore(ctx: ServiceContext, chatId: number | string, storeId: string): Promise<void> {
  await ctx.manager.getRepository(TelegramFollowerChat).upsert({ chatId: String(chatId), storeId }, { conflictPaths: ["chatId"] });
}

/** The active store a chat is about, if any. */
export async function chatStore(ctx: ServiceContext, chatId: number | string): Promise<Store | null> {
  const row = await ctx.manager.getRepository(TelegramFollowerChat).findOneBy({ chatId: String(chatId) });
  if (!row) return null;
  const store = await ctx.manager.findOneBy(Store, { id: row.storeId });
  return store?.status === "active" ? store : null;
}

/** Opens a `/start` payload for a chat: remembers the store and returns what to show. */
export async function openStartPayload(
  ctx: ServiceContext,
  config: Urls,
  chatId: number | string,
  payload: string,
): Promise<DeepLinkResult> {
  if (!payload.trim()) {
    const store = await chatStore(ctx, chatId);
    return store ? { kind: "store", store } : { kind: "none" };
  }
  const parsed = parseStartPayload(payload);
  if (!parsed) return { kind: "not-found" };
  let store: Store | null;
  let product: Product | null = null;
  if ("productId" in parsed) {
    const found = await productAnywhere(ctx, parsed.productId);
    if (!found) return { kind: "not-found" };
    ({ store, product } = found);
  } else {
    store = await ctx.manager.findOneBy(Store, { slug: parsed.storeSlug });
    if (!store) return { kind: "not-found" };
    if (parsed.productSlug) product = await activeProduct(ctx, store.id, parsed.productSlug);
  }
  if (store.status !== "active") return { kind: "store-inactive" };
  await rememberChatStore(ctx, chatId, store.id);
  if ((parsed as { productSlug?: string }).productSlug !== undefined || "productId" in parsed) {
    if (!product) return { kind: "not-found" };
    return { kind: "store", store, card: await cardOf(ctx, config, store, product) };
  }
  return { kind: "store", store };
}

/**
 * Searches the chat's store for what a follower typed (Persian, Arabic or
 * Latin letters and digits alike: the catalog's normaliser). Null when the
 * chat has no store yet.
 */
export async function searchForChat(
  ctx: ServiceContext,
  config: Urls,
  chatId: number | string,
  text: string,
  limit = 5,
): Promise<{ store: Store; cards: FollowerCard[] } | null> {
  const store = await chatStore(ctx, chatId);
  if (!store) return null;
  const page = await listProducts(ctx, store.id, { q: text.slice(0, 200), limit });
  const cards: FollowerCard[] = [];
  for (const summary of page.items) {
    const product = await activeProduct(ctx, store.id, summary.id);
    if (product) cards.push(await cardOf(ctx, config, store, product));
  }
  return { store, cards };
}

/** A product's card, by its id, from whichever active store has it. */
export async function productCard(ctx: ServiceContext, config: Urls, productId: string): Promise<FollowerCard | null> {
  const found = await productAnywhere(ctx, productId);
  return found && found.store.status === "active" ? cardOf(ctx, config, found.store, found.product) : null;
}

/** The product's variants with their stock, for the "choose a model" and "stock" buttons. */
export async function productVariants(
  ctx: ServiceContext,
  config: Urls,
  productId: string,
): Promise<{ card: FollowerCard; variants: VariantView[] } | null> {
  const found = await productAnywhere(ctx, productId);
  if (!found || found.store.status !== "active") return null;
  const detail = await productDetail(ctx, found.product, { activeInstancesOnly: true });
  return { card: await cardOf(ctx, config, found.store, found.product), variants: variantsOf(detail) };
}

/** One variant, by its instance id, with its product's card. */
export async function variantView(
  ctx: ServiceContext,
  config: Urls,
  instanceId: string,
): Promise<{ card: FollowerCard; variant: VariantView } | null> {
  if (!UUID_PATTERN.test(instanceId)) return null;
  const instance = await ctx.manager.findOne(ProductInstance, { where: { id: instanceId }, select: { id: true, productId: true } });
  if (!instance) return null;
  const found = await productVariants(ctx, config, instance.productId);
  const variant = found?.variants.find((entry) => entry.instanceId === instanceId);
  return found && variant ? { card: found.card, variant } : null;
}

/** An active product by its (platform-wide unique) id, with its store. */
async function productAnywhere(ctx: ServiceContext, productId: string): Promise<{ store: Store; product: Product } | null> {
  if (!UUID_PATTERN.test(productId)) return null;
  const row = await ctx.manager.findOne(Product, { where: { id: productId }, select: { id: true, storeId: true } });
  if (!row) return null;
  const store = await ctx.manager.findOneBy(Store, { id: row.storeId });
  const product = await activeProduct(ctx, row.storeId, productId);
  return store && product ? { store, product } : null;
}

async function activeProduct(ctx: ServiceContext, storeId: string, idOrSlug: string): Promise<Product | null> {
  return findProduct(ctx, storeId, idOrSlug, { activeOnly: true }).catch((error: unknown) => {
    if (error instanceof ProductNotFoundError) return null;
    throw error;
  });
}

async function cardOf(ctx: ServiceContext, config: Urls, store: Store, product: Product): Promise<FollowerCard> {
  const variants = variantsOf(await productDetail(ctx, product, { activeInstancesOnly: true }));
  const available = variants.filter((variant) => variant.stock > 0);
  const prices = (available.length > 0 ? available : variants).map((variant) => variant.price);
  return {
    productId: product.id,
    storeName: store.name,
    name: product.nameFa.trim() || (product.name ?? "").trim(),
    price: prices.length > 0 ? Math.min(...prices) : product.minPrice,
    priceVaries: new Set(prices).size > 1,
    inStock: available.length > 0,
    hasVariants: variants.some((variant) => variant.label !== ""),
    url: productPageUrl(storeOrigin(config, store), product.slug),
  };
}
