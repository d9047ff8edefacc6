import { randomBytes, randomUUID } from "node:crypto";
import { createTelegramChannelApi } from "@mall/bots/telegram-client.js";
import { NORMALISED_PHONE } from "@mall/locale";
import { rebuildStoreAnalytics } from "../analytics/analytics.service.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { countView, flushViewCounts } from "../catalog/product-views.js";
import { recordSlugChange } from "../catalog/slug-redirects.js";
import { systemContext } from "../core/context.js";
import { createDiscount } from "../discounts/discount.service.js";
import type { User } from "../identity/user.entity.js";
import { recordSms } from "../messaging/sms.service.js";
import { createAddress } from "../orders/address.service.js";
import { markOrderPaid } from "../orders/order.service.js";
import { replaceSavedCart } from "../orders/saved-cart.service.js";
import { requestRestockNotice } from "../retention/restock.service.js";
import { saveToWishlist } from "../retention/wishlist.service.js";
import { ProductReview } from "../reviews/review.entity.js";
import { rememberChatStore } from "../social/follower.service.js";
import { claimTelegramChannel } from "../social/telegram-channel.service.js";
import { createCustomPage } from "../tenancy/store-pages.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildShirtCategory, buildStore, randomPhone } from "./factories.js";
import type { TestServer } from "./http-client.js";
import { buildShippingMethod, placeAs, shopperContext, tehranAddress } from "./order-fixtures.js";
import { enableGateway } from "./payment-fixtures.js";
import { bearer, buildUser, signInThroughApi } from "./sign-in.js";
import { buildProductImage, connectChannelWithProof, type SocialTestPlatform } from "./social.js";
import { storeRows } from "./store-rows.js";

/**
 * Tables with a store_id that a store of everything leaves without a row of
 * its own, each with the reason it cannot hold one. Kept short: a table here
 * is a table no hostile request is tried against by id.
 */
export const NO_ROW_OF_ITS_OWN: Record<string, string> = {};

/** A store that owns at least one row in every table with a store_id, and what a hostile test needs to know of it. */
export interface StoreOfEverything {
  store: Store;
  owner: User;
  /** Its customer (an order paid, one refunded, a review, a wishlist, a restock request, a saved cart, an address, a sign-in). */
  shopper: User;
  /** Ids by the names the API gives its parameters and fields (storeId, productId, discountId, …), to put in requests. */
  ids: Record<string, string[]>;
  /** Every uuid that identifies one of the store's rows (its `id` column, in every table with a store_id). */
  rowIds: string[];
  /** Every mobile number in the store's rows and of its people, in the one stored form (+989…). */
  phones: string[];
  /** Text of the store's that only its merchant (or the shopper it is about) may ever read. */
  secrets: string[];
}

/**
 * A store that owns one of everything: catalog (categories, attributes,
 * products, instances, media, a slug redirect, daily views), a customer with
 * an address, a paid order with a discount and a payment through the
 * sandbox, a refunded order, analytics, a gateway's credentials, a second
 * team member, a content page, a review, a wishlist item, a restock request,
 * a custom domain and its certificate, a connected Telegram channel with a
 * post and a follower chat, a pending channel claim, an Instagram account
 * and post, a site build, an SMS, a sign-in (code and refresh token), an
 * infected upload on record and the store request it was approved from.
 * Built through the services where one exists; the rows only a background
 * job or an outside service leaves (a site build, a certificate, a post) are
 * written as that job writes them.
 */
export async function buildStoreOfEverything(test: SocialTestPlatform, server: TestServer, name: string): Promise<StoreOfEverything> {
  const { platform } = test;
  const { dataSource, config } = platform;
  const store = await buildStore(dataSource, { name });
  const host = `${store.slug}.${config.PLATFORM_DOMAIN}`;
  const [owner] = (await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [store.ownerId])) as User[];
  const system = <T>(work: (ctx: ReturnType<typeof systemContext>) => Promise<T>) =>
    dataSource.transaction((manager) => work(systemContext(manager, "test")));

  // Catalog.
  const { category, allValues } = await buildShirtCategory(dataSource, store.id, { isCategorizer: true });
  const product = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    name: "VICTIM-SECRET-PRODUCT",
    nameFa: "کالای‌محرمانهٔ‌قربانی",
    slug: "victim-secret-product",
    basePrice: 7_700_000,
    stock: 50,
    attributes: allValues,
  });
  const soldOut = await buildProduct(dataSource, store.id, { categoryId: category.id, nameFa: "کالای تمام‌شده", stock: 0 });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: store.id, productId: product.id });
  const soldOutInstance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: store.id, productId: soldOut.id });
  await buildProductImage(platform, store.id, product.id);
  await system((ctx) => recordSlugChange(ctx, store.id, "product", product.id, "victim-old-slug", product.slug));
  await countView(platform.redis, store.id, product.id);
  await flushViewCounts(platform.redis, dataSource);

  // Selling: shipping, a discount, a gateway, a customer and their orders.
  const method = await buildShippingMethod(dataSource, store.id, { price: 300_000 });
  const discount = await system((ctx) =>
    createDiscount(ctx, store.id, {
      title: "تخفیف محرمانه",
      kind: "percentage",
      value: 10,
      code: `VICTIM${randomBytes(3).toString("hex").toUpperCase()}`,
    }),
  );
  await enableGateway(dataSource, config, store.id, "zarinpal", { merchantId: "1344b5d4-0048-11e8-94db-005056a205be" });
  const shopper = await buildUser(dataSource);
  await dataSource.query(`INSERT INTO store_customers (store_id, user_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`, [store.id, shopper.id]);
  // A number of its own (the fixtures' default is the example every phone error shows).
  const address = tehranAddress({ receiverName: "گیرندهٔ‌محرمانه", mobile: randomPhone() });
  await dataSource.transaction((manager) => createAddress(shopperContext(manager, shopper), store.id, address));
  const place = (options: { discountCode?: string; idempotencyKey?: string } = {}) =>
    placeAs(
      dataSource,
      store.id,
      shopper,
      {
        items: [{ instanceId: instance.id, quantity: 1 }],
        address,
        shippingMethodId: method.id,
        ...(options.discountCode ? { discountCode: options.discountCode } : {}),
      },
      options.idempotencyKey ? { idempotencyKey: options.idempotencyKey } : {},
    );
  const { order } = await place({ discountCode: discount.code!, idempotencyKey: randomUUID() });
  const started = await server.request("POST", `/api/v1/orders/${order.id}/payments`, {
    host,
    headers: bearer(config, shopper),
    body: { gateway: "sandbox" },
  });
  if (started.status >= 300) throw new Error(`the victim's payment did not start: ${started.status} ${started.text}`);
  await system((ctx) => markOrderPaid(ctx, store.id, order.id, { reference: "770011" }));
  const { order: refunded } = await place();
  await system((ctx) => markOrderPaid(ctx, store.id, refunded.id, { reference: "770012" }));
  const refund = await server.request("POST", `/api/v1/stores/${store.id}/orders/${refunded.id}/refund`, {
    headers: bearer(config, owner!),
    body: { method: "manual", restock: true, note: "بازپرداخت محرمانه" },
  });
  if (refund.status >= 300) throw new Error(`the victim's refund failed: ${refund.status} ${refund.text}`);
  await system((ctx) => rebuildStoreAnalytics(ctx, store.id));

  // The shopper's own things.
  await dataSource.getRepository(ProductReview).save({
    storeId: store.id,
    productId: product.id,
    userId: shopper.id,
    orderId: order.id,
    rating: 4,
    body: "نظر محرمانهٔ خریدار",
    status: "pending" as const,
    reply: null,
    repliedAt: null,
  });
  await dataSource.transaction((manager) => saveToWishlist(shopperContext(manager, shopper), store.id, product.id));
  await dataSource.transaction((manager) =>
    requestRestockNotice(shopperContext(manager, shopper), store.id, soldOut.id, soldOutInstance.id),
  );
  // A cart kept on the server (after the orders: placing one empties it).
  await dataSource.transaction((manager) =>
    replaceSavedCart(shopperContext(manager, shopper), store.id, [{ instanceId: instance.id, quantity: 1 }]),
  );
  // A sign-in on the store's host: its code and the refresh token it gave.
  await signInThroughApi(server, platform, { phone: shopper.phone, host, storeId: store.id });

  // The team, the store's pages and settings.
  const member = await buildUser(dataSource);
  await dataSource.query(`INSERT INTO store_members (store_id, user_id, role) VALUES ($1, $2, 'catalog_staff')`, [store.id, member.id]);
  const page = await system((ctx) =>
    createCustomPage(ctx, store.id, { slug: "our-story", title: "داستان محرمانه", bodyHtml: "<p>متن محرمانهٔ صفحه</p>" }),
  );
  const domain = `${store.slug}.victim.example`;
  await dataSource.query(
    `UPDATE stores SET custom_domain = $2, custom_domain_verified = true, custom_domain_token = $3,
            contact = jsonb_build_object('phone', $4::text, 'email', 'victim@example.com', 'address', 'نشانی محرمانه'),
            announcement = jsonb_build_object('text', 'اعلان فروشگاه'), sms_provider = 'kavenegar'
      WHERE id = $1`,
    [store.id, domain, `mall-verify-${randomBytes(8).toString("hex")}`, owner!.phone],
  );
  await dataSource.query(
    `INSERT INTO ssl_certificates (store_id, domain, certificate_pem, private_key_pem, serial, not_before, not_after, issued_at)
     VALUES ($1, $2, '-----BEGIN CERTIFICATE-----VICTIM-CERT', '-----BEGIN PRIVATE KEY-----VICTIM-PRIVATE-KEY', 'VICTIM-SERIAL', now(), now() + interval '90 days', now())`,
    [store.id, domain],
  );
  await dataSource.query(
    `INSERT INTO store_requests (store_name, slug, owner_id, owner_phone, status, decided_at, decided_by, store_id)
     VALUES ($1, $2, $3, $4, 'approved', now(), 'staff', $5)`,
    [name, `${store.slug}-request`, owner!.id, owner!.phone, store.id],
  );
  await system((ctx) => recordSms(ctx, { storeId: store.id, to: shopper.phone, kind: "notice", text: "پیامک محرمانهٔ فروشگاه" }, config));
  await dataSource.query(
    `INSERT INTO site_builds (store_id, status, trigger, mode, page_count, duration_ms, finished_at) VALUES ($1, 'succeeded', 'test', 'full', 12, 900, now())`,
    [store.id],
  );
  await dataSource.query(
    `INSERT INTO media_infections (store_id, user_id, filename, content_hash, bytes, signature) VALUES ($1, $2, 'victim-upload.jpg', $3, 68, 'Eicar-Signature')`,
    [store.id, owner!.id, randomBytes(32).toString("hex")],
  );

  // Social: a connected Telegram channel (proved as a merchant does), a post, a follower, a pending claim of a second channel; Instagram.
  const all = { can_post_messages: true, can_edit_messages: true, can_delete_messages: true };
  const channel = test.telegram.addChannel({
    username: `victim_${store.slug.slice(-6)}`,
    title: "کانال قربانی",
    admins: { [test.telegram.bot.id]: all },
  });
  const connected = await connectChannelWithProof(test, store.id, channel);
  await dataSource.query(
    `INSERT INTO telegram_posts (store_id, product_id, chat_id, state, message_ids, photos, caption_hash, posted_at) VALUES ($1, $2, $3, 'posted', '[41]', '[]', 'victim', now())`,
    [store.id, product.id, channel.id],
  );
  await system((ctx) => rememberChatStore(ctx, 88_000_000 + Math.floor(Math.random() * 1_000_000), store.id));
  const second = test.telegram.addChannel({
    username: `victim2_${store.slug.slice(-6)}`,
    title: "کانال دوم قربانی",
    admins: { [test.telegram.bot.id]: all },
  });
  const creator = test.telegram.addUser({ firstName: "مدیر کانال دوم" });
  test.telegram.setMember(second.id, creator.id, "creator");
  const claim = await system((ctx) =>
    claimTelegramChannel(ctx, createTelegramChannelApi(config), store.id, { channel: `@${second.username}`, onRemoved: "delete" }),
  );
  const igUserId = `1784${Math.floor(Math.random() * 1e11)}`;
  await dataSource.query(
    `INSERT INTO instagram_accounts (store_id, ig_user_id, username, access_token, status, connected_at) VALUES ($1, $2, 'victim_ig', 'VICTIM-INSTAGRAM-TOKEN', 'active', now())`,
    [store.id, igUserId],
  );
  await dataSource.query(
    `INSERT INTO instagram_posts (store_id, product_id, ig_user_id, state, container_id, media_id, published_at) VALUES ($1, $2, $3, 'published', '1790', '1791', now())`,
    [store.id, product.id, igUserId],
  );

  const rows = await storeRows(dataSource, store.id);
  const rowIds = [
    ...new Set(
      Object.values(rows)
        .flat()
        .map((row) => (row as { id?: unknown }).id)
        .filter((id): id is string => typeof id === "string" && /^[0-9a-f-]{36}$/.test(id)),
    ),
  ];
  const phones = new Set([owner!.phone, shopper.phone, member.phone]);
  const visit = (value: unknown): void => {
    if (typeof value === "string" && NORMALISED_PHONE.test(value)) phones.add(value);
    else if (value && typeof value === "object") for (const inner of Object.values(value)) visit(inner);
  };
  visit(rows);
  const of = (table: string, column = "id") => (rows[table] ?? []).map((row) => String((row as Record<string, unknown>)[column]));
  const ids: Record<string, string[]> = {
    storeId: [store.id],
    categoryId: of("categories"),
    parentId: of("categories"),
    categoryIds: of("categories"),
    slug: [category.slug, product.slug, page.slug],
    attributeId: of("product_attributes"),
    valueId: of("attribute_values"),
    valueIds: of("attribute_values"),
    attributeValueId: of("attribute_values"),
    productId: of("products"),
    productIds: of("products"),
    id: [product.id, product.slug],
    instanceId: of("product_instances"),
    instanceIds: of("product_instances"),
    mediaId: of("media"),
    mediaIds: of("media"),
    methodId: of("shipping_methods"),
    shippingMethodId: of("shipping_methods"),
    orderId: of("orders"),
    addressId: of("customer_addresses"),
    paymentId: of("payments"),
    discountId: of("discounts"),
    reviewId: of("product_reviews"),
    userId: [owner!.id, shopper.id, member.id],
    gateway: ["zarinpal"],
  };
  const secrets = [
    "VICTIM-SECRET-PRODUCT",
    "کالای‌محرمانهٔ‌قربانی",
    "گیرندهٔ‌محرمانه",
    "نظر محرمانهٔ خریدار",
    "متن محرمانهٔ صفحه",
    "پیامک محرمانهٔ فروشگاه",
    "بازپرداخت محرمانه",
    "VICTIM-PRIVATE-KEY",
    "VICTIM-INSTAGRAM-TOKEN",
    "1344b5d4-0048-11e8-94db-005056a205be",
    discount.code!,
    claim.code,
    // The payment's authority is the payer's key to the gateway's page: whoever has it is the payer.
    ...of("payments", "authority").filter((authority) => authority !== "null"),
    String(connected.chatId),
  ];
  return { store, owner: owner!, shopper, ids, rowIds, phones: [...phones], secrets };
}

/** The tables with a store_id in which the store owns no row (those on NO_ROW_OF_ITS_OWN left out). */
export function tablesWithoutRows(rows: Record<string, unknown[]>): string[] {
  return Object.entries(rows)
    .filter(([table, list]) => list.length === 0 && !(table in NO_ROW_OF_ITS_OWN))
    .map(([table]) => table);
}
