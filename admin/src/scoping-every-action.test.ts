import { ProductReview } from "@mall/server/reviews/review.entity.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { systemContext } from "@mall/server/core/context.js";
import { createDiscount } from "@mall/server/discounts/discount.service.js";
import { createCustomPage } from "@mall/server/tenancy/store-pages.service.js";
import { StoreCustomer } from "@mall/server/identity/store-customer.entity.js";
import type { User } from "@mall/server/identity/user.entity.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "@mall/server/test/factories.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { storeRows } from "@mall/server/test/store-rows.js";
import { enableGateway } from "@mall/server/test/payment-fixtures.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { beforeAll, describe, expect, it } from "vitest";
import { registeredActions } from "./test/admin-actions.js";
import { signInToAdmin, useAdminServer, type AdminResponse, type AdminSession } from "./test/admin-server.js";

/**
 * Every resource and every action the back office registers, read from the
 * AdminJS instance itself (the same options the server mounts), tried by a
 * merchant of store A on store B's records. A pair without an expectation
 * below fails the test, so a new resource or action cannot arrive untried.
 * After everything, every table with a store_id holds store B's rows as they
 * were, and no answer carried an id of store B's.
 */
const test = useAdminServer();

/** What a merchant of store A must get when an action is pointed at store B. */
type Expectation =
  /** list and search: only store A's rows. */
  | "only-mine"
  /** a record action on B's record: AdminJS's "not found" (the lookup is scoped), GET and POST. */
  | "not-found"
  /** a bulk action on B's ids: refused, or finds none of them. */
  | "refused"
  /** new, naming store B (or B's rows): refused with the field named, nothing created in B. */
  | "create-refused"
  /** a resource page with no data of its own (it talks to another route, tested there). */
  | "page-only"
  /** staff's resources: the merchant is refused everything. */
  | "staff-only";

const STORE_RESOURCE: Record<string, Expectation> = {
  list: "only-mine",
  search: "only-mine",
  show: "not-found",
  edit: "not-found",
  delete: "not-found",
  bulkDelete: "refused",
  new: "create-refused",
};
const EXPECTATIONS: Record<string, Record<string, Expectation>> = {
  stores: {
    ...STORE_RESOURCE,
    domain: "not-found",
    telegram: "not-found",
    instagram: "not-found",
    renewEmallsToken: "not-found",
    suspend: "not-found",
    resume: "not-found",
  },
  orders: {
    ...STORE_RESOURCE,
    history: "not-found",
    invoice: "not-found",
    markPaid: "not-found",
    startProcessing: "not-found",
    ship: "not-found",
    deliver: "not-found",
    cancel: "not-found",
    refund: "not-found",
  },
  shippingMethods: STORE_RESOURCE,
  paymentGateways: STORE_RESOURCE,
  discounts: STORE_RESOURCE,
  reviews: STORE_RESOURCE,
  categories: { ...STORE_RESOURCE, move: "not-found" },
  attributes: STORE_RESOURCE,
  products: { ...STORE_RESOURCE, history: "not-found", generateInstances: "not-found", images: "not-found", csv: "page-only" },
  instances: { ...STORE_RESOURCE, history: "not-found", bulkStock: "refused" },
  customers: STORE_RESOURCE,
  audit: STORE_RESOURCE,
  team: STORE_RESOURCE,
  storePages: STORE_RESOURCE,
  tenants: Object.fromEntries(Object.keys(STORE_RESOURCE).map((action) => [action, "staff-only" as const])),
  users: Object.fromEntries(Object.keys(STORE_RESOURCE).map((action) => [action, "staff-only" as const])),
  members: Object.fromEntries(Object.keys(STORE_RESOURCE).map((action) => [action, "staff-only" as const])),
  storeRequests: Object.fromEntries([...Object.keys(STORE_RESOURCE), "approve", "reject"].map((action) => [action, "staff-only" as const])),
  domains: Object.fromEntries(Object.keys(STORE_RESOURCE).map((action) => [action, "staff-only" as const])),
};

/** Params posted with every action: whatever an action reads, pointed at store B where it names a store. */
const paramsFor = (b: Shop) => ({
  storeId: b.store.id,
  confirmed: "true",
  op: "remove",
  domain: "hacked.example.ir",
  name: "hacked",
  nameFa: "هک",
  title: "هک",
  slug: "hacked-slug",
  sku: "HACKED",
  stock: "999",
  basePrice: "1",
  price: "1",
  value: "99",
  kind: "percentage",
  code: "HACKED",
  status: "suspended",
  state: "cancelled",
  reason: "هک",
  trackingCode: "HACKED",
  amount: "1",
  mode: "set",
  parentId: "",
  phone: "+989120000000",
  role: "owner",
  enabled: "true",
  gateway: "sandbox",
  isActive: "false",
});

interface Shop {
  store: Store;
  owner: User;
  ids: string[];
}

let a: Shop;
let b: Shop;
let merchant: AdminSession;
let staff: AdminSession;

/** A store that owns one of everything the back office shows: catalog, a customer and their order, shipping, a gateway, a discount (and its audit entry), a second team member. */
async function buildShop(name: string): Promise<Shop> {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name });
  const [owner] = (await dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId])) as User[];
  const root = await buildCategory(dataSource, store.id, { nameFa: "پوشاک", name: "Clothes" });
  const child = await buildCategory(dataSource, store.id, { nameFa: "پیراهن", name: "Shirts", parentId: root.id });
  const { attribute, values } = await buildAttribute(dataSource, store.id, root.id, {
    name: "color",
    nameFa: "رنگ",
    type: "color",
    isCategorizer: true,
    values: [{ value: "red", valueFa: "قرمز", hex: "#ff0000" }],
  });
  const product = await buildProduct(dataSource, store.id, {
    categoryId: child.id,
    nameFa: "پیراهن مردانه",
    name: "Men's shirt",
    attributes: [{ attributeId: attribute.id, valueIds: values.map((v) => v.id) }],
    stock: 5,
  });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: store.id, productId: product.id });
  const customer = await buildUser(dataSource);
  await dataSource.getRepository(StoreCustomer).insert({ storeId: store.id, userId: customer.id });
  const shipping = await buildShippingMethod(dataSource, store.id, { price: 300_000 });
  const placed = await placeAs(dataSource, store.id, customer, {
    items: [{ instanceId: instance.id, quantity: 1 }],
    address: tehranAddress(),
    shippingMethodId: shipping.id,
  });
  await enableGateway(dataSource, test.platform.config, store.id, "zarinpal", { merchantId: "1344b5d4-0048-11e8-94db-005056a205be" });
  const discount = await dataSource.transaction((m) =>
    createDiscount(systemContext(m, "test"), store.id, {
      title: "تخفیف",
      kind: "percentage",
      value: 10,
      code: `C${name.length}${store.slug.slice(-4)}`,
    }),
  );
  const page = await dataSource.transaction((m) =>
    createCustomPage(systemContext(m, "test"), store.id, { slug: "our-story", title: "داستان ما", bodyHtml: "<p>از ۱۴۰۰</p>" }),
  );
  // A shopper's review, as reviews.test.ts leaves one (the shopper's path is tested in server/src/reviews).
  const review = await dataSource.getRepository(ProductReview).save({
    storeId: store.id,
    productId: product.id,
    userId: customer.id,
    orderId: null,
    rating: 4,
    body: "خوب بود",
    status: "pending" as const,
    reply: null,
    repliedAt: null,
  });
  const member = await buildUser(dataSource);
  await dataSource.query(`INSERT INTO store_members (store_id, user_id, role) VALUES ($1, $2, 'catalog_staff')`, [store.id, member.id]);
  return {
    store,
    owner: owner!,
    ids: [
      store.id,
      root.id,
      child.id,
      attribute.id,
      product.id,
      instance.id,
      customer.id,
      placed.order.id,
      shipping.id,
      discount.id,
      review.id,
      member.id,
      ...(page.id ? [page.id] : []),
    ],
  };
}

/** The actions of every resource, as the AdminJS instance registers them. */
const registered = () => registeredActions(test.platform);

/** B's record of a resource, as staff see it (they reach every store): its id, or null when B has none there. */
async function recordOfB(resource: string): Promise<string | null> {
  const list = await staff.list(resource);
  const records = (list.body.records ?? []) as Array<{ id: string; params: Record<string, unknown> }>;
  const mine = records.find((record) => (resource === "stores" ? record.id === b.store.id : record.params.storeId === b.store.id));
  return mine?.id ?? null;
}

beforeAll(async () => {
  a = await buildShop("فروشگاه الف");
  b = await buildShop("فروشگاه ب");
  merchant = await signInToAdmin(test.server, test.platform, a.owner.phone);
  const staffUser = await buildUser(test.platform.dataSource, { isStaff: true });
  staff = await signInToAdmin(test.server, test.platform, staffUser.phone);
}, 120_000);

describe("every back-office action, tried by a merchant of store A on store B", () => {
  it("has an expectation for every resource and action AdminJS registers", () => {
    const missing = registered()
      .filter(({ resource, action }) => EXPECTATIONS[resource]?.[action] === undefined)
      .map(({ resource, action }) => `${resource}.${action}`);
    expect(missing).toEqual([]);
  });

  it(
    "reaches nothing of store B, leaks none of its ids, and leaves every store_id table of B as it was",
    { timeout: 300_000 },
    async () => {
      const before = await storeRows(test.platform.dataSource, b.store.id);
      const bIds = b.ids;
      const answers: Array<[string, AdminResponse, string | null]> = [];
      const tried: string[] = [];
      for (const { resource, action, type } of registered()) {
        const expectation = EXPECTATIONS[resource]![action]!;
        const label = `${resource}.${action}`;
        const theirs = await recordOfB(resource);
        tried.push(label);
        if (expectation === "staff-only") {
          const refused =
            type === "record"
              ? await merchant.recordAction(resource, theirs ?? a.owner.id, action, paramsFor(b))
              : type === "bulk"
                ? await merchant.bulk(resource, action, theirs ? [theirs] : [], paramsFor(b))
                : await merchant.post(`/api/resources/${resource}/actions/${action}`, paramsFor(b));
          answers.push([label, refused, theirs]);
          expect(refused.status === 403 || refused.status === 404 || refused.body?.notice?.type === "error", label).toBe(true);
          expect(refused.body?.records ?? [], label).toEqual([]);
          continue;
        }
        switch (expectation) {
          case "only-mine": {
            const answer = action === "search" ? await merchant.search(resource, "") : await merchant.list(resource);
            answers.push([label, answer, theirs]);
            const rows = (answer.body.records ?? []) as Array<{ id: string; params: Record<string, unknown> }>;
            for (const row of rows) expect(resource === "stores" ? row.id : row.params.storeId, label).toBe(a.store.id);
            const filtered = await merchant.list(
              resource,
              resource === "stores" ? { "filters.slug": b.store.slug } : { "filters.storeId": b.store.id },
            );
            answers.push([`${label} filtered`, filtered, b.store.id]);
            expect(filtered.body.records ?? [], label).toEqual([]);
            break;
          }
          case "not-found": {
            expect(theirs, `${label}: store B has a record to try`).not.toBeNull();
            for (const params of [undefined, paramsFor(b)]) {
              const answer = await merchant.recordAction(resource, theirs!, action, params);
              answers.push([label, answer, theirs]);
              expect(
                answer.status === 404 || answer.status === 403 || answer.body?.notice?.type === "error",
                `${label} ${params ? "POST" : "GET"}: ${answer.status} ${answer.text.slice(0, 200)}`,
              ).toBe(true);
              expect(Object.keys(answer.body?.record?.params ?? {}), label).toEqual([]);
            }
            break;
          }
          case "refused": {
            expect(theirs, `${label}: store B has a record to try`).not.toBeNull();
            const answer = await merchant.bulk(resource, action, [theirs!], paramsFor(b));
            answers.push([label, answer, theirs]);
            expect(
              answer.status === 404 ||
                answer.status === 403 ||
                answer.body?.notice?.type === "error" ||
                (answer.body?.records ?? []).length === 0,
              `${label}: ${answer.status}`,
            ).toBe(true);
            break;
          }
          case "create-refused": {
            const answer = await merchant.create(resource, paramsFor(b));
            // The form comes back with what was typed (store B's id among it) and the errors.
            answers.push([label, answer, b.store.id]);
            expect(
              answer.status === 403 ||
                answer.status === 404 ||
                answer.body?.notice?.type === "error" ||
                Object.keys(answer.body?.record?.errors ?? {}).length > 0,
              `${label}: ${answer.status} ${answer.text.slice(0, 300)}`,
            ).toBe(true);
            break;
          }
          case "page-only": {
            const answer = await merchant.get(`/api/resources/${resource}/actions/${action}`);
            answers.push([label, answer, theirs]);
            expect(answer.status, label).toBeLessThan(500);
            break;
          }
        }
      }
      // Nothing answered to A carried one of B's ids (but the one the request itself named, which an error may repeat).
      for (const [label, answer, asked] of answers)
        for (const id of bIds.filter((id) => !asked?.includes(id)))
          expect(answer.text.includes(id), `${label} leaked ${id}: ${answer.text.slice(0, 300)}`).toBe(false);
      // Every table with a store_id: B's rows as they were.
      expect(await storeRows(test.platform.dataSource, b.store.id)).toEqual(before);
      expect(tried.length).toBeGreaterThan(100);
    },
  );
});
