import { mkdirSync, writeFileSync } from "node:fs";
import { Agent, request as httpRequest } from "node:http";
import { resolve } from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import type { User } from "../identity/user.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "../test/order-fixtures.js";
import { buildProduct, buildShirtCategory, buildStore } from "../test/factories.js";
import { requestsFor, operationsOf, type HostileRequest, type OpenApiOperation } from "../test/hostile-inputs.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser, clearRateLimits } from "../test/sign-in.js";
import { buildProductImage } from "../test/social.js";
import { useTestPlatform } from "../test/test-platform.js";
import type { Store } from "../tenancy/store.entity.js";
import { createApp } from "../main/app.js";
import { systemContext } from "../core/context.js";
import { markOrderPaid } from "../orders/order.service.js";

/**
 * Every operation of /api/openapi.json gets generated bad and boundary
 * inputs (fast-check, fixed seed), as an anonymous visitor, as a shopper, as
 * the merchant of another store, and with a token from another store (the
 * victim store's shopper's, as its merchant could read it on their own
 * domain: no authenticated operation may accept it), with the real ids of a victim store's
 * things in the path. Nothing may answer 5xx or show a stack trace, nothing
 * of the victim store may appear in an answer, every 4xx is `{ error: { code,
 * message } }` and every 400 names its field; the victim store's data is the
 * same afterwards. The table of requests per operation goes to the console
 * and .reports/hostile-input.json.
 */
const REQUESTS_PER_ROLE = Number(process.env.HOSTILE_REQUESTS ?? 20);
const SEED = Number(process.env.HOSTILE_SEED ?? 20261125);
const PARALLEL = 6;

const test = useTestPlatform(process.env.HOSTILE_LOG ? { LOG_LEVEL: process.env.HOSTILE_LOG } : {});
let server: TestServer;

interface Victim {
  store: Store;
  shopper: User;
  ids: Record<string, string[]>;
  /** Text that must never reach another store's merchant, a shopper or a visitor. */
  secrets: string[];
}
let victim: Victim;
let attacker: { store: Store; owner: User; ids: Record<string, string[]> };
let shopper: User;

async function buildVictim(): Promise<Victim> {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name: "فروشگاه قربانی" });
  const { category, color, allValues } = await buildShirtCategory(dataSource, store.id, { isCategorizer: true });
  const product = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    name: "VICTIM-SECRET-PRODUCT",
    nameFa: "کالای‌محرمانهٔ‌قربانی",
    slug: "victim-secret-product",
    basePrice: 7_700_000,
    stock: 50,
    attributes: allValues,
  });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
  const method = await buildShippingMethod(dataSource, store.id, { price: 300_000 });
  const owner = await buildUser(dataSource);
  const { order } = await placeAs(dataSource, store.id, owner, {
    items: [{ instanceId: instance.id, quantity: 1 }],
    address: tehranAddress({ receiverName: "گیرندهٔ‌محرمانه" }),
    shippingMethodId: method.id,
  });
  const media = await buildProductImage(test.platform, store.id, product.id);
  // A payment through the sandbox, started as the victim's shopper does.
  const started = await server.request("POST", `/api/v1/orders/${order.id}/payments`, {
    host: `${store.slug}.mall.localhost`,
    headers: bearer(test.config, owner),
    body: { gateway: "sandbox" },
  });
  expect(started.status, started.text).toBeLessThan(300);
  const [payment] = await dataSource.query(`SELECT id FROM payments WHERE order_id = $1`, [order.id]);
  const addresses: Array<{ id: string }> = await dataSource.query(`SELECT id FROM customer_addresses WHERE store_id = $1`, [store.id]);
  const ids: Record<string, string[]> = {
    storeId: [store.id],
    categoryId: [category.id],
    slug: [category.slug, product.slug],
    attributeId: [color.attribute.id],
    valueId: [color.values[0]!.id],
    productId: [product.id],
    id: [product.id, product.slug],
    instanceId: [instance.id],
    mediaId: [media.id],
    methodId: [method.id],
    orderId: [order.id],
    addressId: addresses.map((address) => address.id),
    paymentId: [payment.id],
    userId: [store.ownerId],
  };
  // (Not its slugs: a slug is public, and the generator sends them as input itself.)
  const secrets = [
    "VICTIM-SECRET-PRODUCT",
    "کالای‌محرمانهٔ‌قربانی",
    "گیرندهٔ‌محرمانه",
    owner.phone,
    product.id,
    instance.id,
    order.id,
    media.id,
    method.id,
    category.id,
    ...addresses.map((a) => a.id),
  ];
  return { store, shopper: owner, ids, secrets };
}

/** What the attacker's own store has, so its own ids are tried beside the victim's. */
async function buildAttacker() {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name: "فروشگاه مهاجم" });
  const { category } = await buildShirtCategory(dataSource, store.id);
  const product = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    nameFa: "کالای مهاجم",
    basePrice: 1_000_000,
    stock: 3,
  });
  const [owner] = await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [store.ownerId]);
  return { store, owner: owner as User, ids: { storeId: [store.id], productId: [product.id], categoryId: [category.id] } };
}

beforeAll(async () => {
  server = await startTestServer(createApp(test.platform));
  victim = await buildVictim();
  attacker = await buildAttacker();
  shopper = await buildUser(test.platform.dataSource);
}, 60_000);

afterAll(async () => {
  await server?.close();
});

interface Answer {
  status: number;
  contentType: string;
  text: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: PARALLEL });

function send(method: string, request: HostileRequest): Promise<Answer> {
  const headers: Record<string, string> = { ...request.headers };
  if (request.contentType) headers["content-type"] = request.contentType;
  // A length, not chunks: Node's own parser refuses a chunked GET before the app sees it.
  if (request.body !== undefined) headers["content-length"] = String(Buffer.byteLength(request.body));
  const path = request.query ? `${request.path}?${request.query}` : request.path;
  return new Promise((resolvePromise, reject) => {
    const req = httpRequest({ host: "127.0.0.1", port: server.port, method, path, headers, agent }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () =>
        resolvePromise({
          status: res.statusCode ?? 0,
          contentType: String(res.headers["content-type"] ?? ""),
          text: Buffer.concat(chunks).toString("utf8"),
        }),
      );
    });
    req.on("error", reject);
    if (request.body !== undefined) req.write(request.body);
    req.end();
  });
}

const STACK_TRACE =
  /\n\s+at [\w$.<>[\] ]+\(|node_modules|\/work\/|\.ts:\d+:\d+|QueryFailedError|TypeORMError|syntax error at or near|TypeError|ReferenceError|RangeError/;
/** Locations a 400 may name when no single field is to blame. */
const LOCATIONS = new Set(["path", "body", "query", "params", "headers", "file", "host", "x-store"]);

/** What is wrong with one answer, or nothing. */
function problemsOf(operation: OpenApiOperation, request: HostileRequest, answer: Answer): string[] {
  const problems: string[] = [];
  if (answer.status >= 500) problems.push(`answered ${answer.status}`);
  if (STACK_TRACE.test(answer.text)) problems.push(`stack trace or internals in the body: ${answer.text.slice(0, 200)}`);
  // The victim's things by id, asked for by someone who is not its merchant or shopper: never a success.
  const victimIds = Object.values(victim.ids)
    .flat()
    .filter((id) => /^[0-9a-f-]{36}$/.test(id));
  if (answer.status < 300 && victimIds.some((id) => request.path.includes(id)))
    problems.push(`answered ${answer.status} to a path with the victim store's id`);
  const leaked = victim.secrets.filter((secret) => answer.text.includes(secret));
  if (leaked.length) problems.push(`the victim store's data in the answer: ${leaked.join(", ")}`);
  // 431 is Node's own answer to headers past its limit, before the app: no body to check.
  if (answer.status >= 400 && answer.status < 500 && answer.status !== 431) {
    if (operation.html && answer.contentType.includes("text/html")) {
      // A page the shopper's browser lands on (a gateway's return): a Persian page, not JSON.
      if (!/<html[^>]+dir="rtl"/.test(answer.text))
        problems.push(`${answer.status} page is not a right-to-left Persian page: ${answer.text.slice(0, 200)}`);
    } else if (!answer.contentType.includes("json")) problems.push(`${answer.status} is not JSON (${answer.contentType})`);
    else {
      const error = (JSON.parse(answer.text) as { error?: { code?: unknown; message?: unknown; field?: unknown } }).error;
      if (typeof error?.code !== "string" || typeof error.message !== "string")
        problems.push(`${answer.status} without error.code/message: ${answer.text.slice(0, 200)}`);
      if (answer.status === 400) {
        const field = typeof error?.field === "string" ? error.field : "";
        const head = field.split(".")[0]!;
        if (!field) problems.push(`400 (${String(error?.code)}) names no field: ${answer.text.slice(0, 200)}`);
        else if (
          !LOCATIONS.has(head) &&
          !request.fields.includes(head) &&
          !operation.parameters.some((parameter) => parameter.name === head) &&
          !(head in (operation.jsonBody?.properties ?? {}))
        )
          problems.push(`400 names "${field}", which the input does not have`);
      }
    }
  }
  return problems;
}

async function pool<T>(items: T[], work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: PARALLEL }, async () => {
      while (next < items.length) await work(items[next++]!);
    }),
  );
}

function seedOf(text: string): number {
  let hash = SEED;
  for (const char of text) hash = (Math.imul(hash, 31) + char.charCodeAt(0)) | 0;
  return hash;
}

/** Everything of the victim store a request could change, to compare before and after. */
async function victimState(): Promise<unknown> {
  const { dataSource } = test.platform;
  const id = victim.store.id;
  return dataSource.query(
    `SELECT (SELECT json_agg(p ORDER BY p.id) FROM (SELECT id, name, name_fa, slug, base_price, is_active, description, images FROM products WHERE store_id = $1) p) AS products,
            (SELECT json_agg(i ORDER BY i.id) FROM (SELECT id, stock, price, is_active FROM product_instances WHERE store_id = $1) i) AS instances,
            (SELECT json_agg(c ORDER BY c.id) FROM (SELECT id, name, slug, parent_id FROM categories WHERE store_id = $1) c) AS categories,
            (SELECT json_agg(a ORDER BY a.id) FROM (SELECT id, name, name_fa FROM product_attributes WHERE store_id = $1) a) AS attributes,
            (SELECT json_agg(o ORDER BY o.id) FROM (SELECT id, state, total FROM orders WHERE store_id = $1) o) AS orders,
            (SELECT json_agg(m ORDER BY m.id) FROM (SELECT id, status, position FROM media WHERE store_id = $1) m) AS media,
            (SELECT json_agg(s ORDER BY s.id) FROM (SELECT id, price, is_active FROM shipping_methods WHERE store_id = $1) s) AS shipping,
            (SELECT json_agg(t) FROM (SELECT name, status, theme FROM stores WHERE id = $1) t) AS store`,
    [id],
  );
}

describe("hostile input on every operation of the OpenAPI document", () => {
  it("never answers 5xx, never shows internals or another store's data, and names the field of every 400", async () => {
    const doc = (await server.request("GET", "/api/openapi.json")).body;
    const operations = operationsOf(doc);
    expect(operations.length).toBeGreaterThan(50);
    const before = await victimState();
    const host = `${attacker.store.slug}.mall.localhost`;
    const roles = {
      anonymous: { host },
      shopper: { host, ...bearer(test.config, shopper) },
      "other-merchant": { host, ...bearer(test.config, attacker.owner) },
      "other-store-token": { host, ...bearer(test.config, victim.shopper, { storeId: victim.store.id }) },
    };
    // The victim's ids first, the attacker's own beside them (its store id with the victim's product id, say).
    const ids = (name: string) => [...(victim.ids[name] ?? []), ...((attacker.ids as Record<string, string[]>)[name] ?? [])];
    const failures: string[] = [];
    const table: Array<{
      operation: string;
      anonymous: number;
      shopper: number;
      "other-merchant": number;
      "other-store-token": number;
      statuses: string;
    }> = [];

    for (const operation of operations) {
      const label = `${operation.method} ${operation.path}`;
      const counts: Record<string, number> = {};
      const statuses = new Map<number, number>();
      for (const [role, headers] of Object.entries(roles)) {
        // Rate limits would turn the rest into 429s: every operation and role starts with a fresh allowance.
        await clearRateLimits(test.platform);
        const requests = fc.sample(requestsFor(operation, ids, headers), { seed: seedOf(`${label} ${role}`), numRuns: REQUESTS_PER_ROLE });
        counts[role] = requests.length;
        await pool(requests, async (request) => {
          const answer = await send(operation.method, request).catch((error: Error) => ({
            status: 0,
            contentType: "",
            text: `connection failed: ${error.message}`,
          }));
          if (answer.status === 0) failures.push(`${label} as ${role} (${request.kind}) ${request.path}: ${answer.text}`);
          statuses.set(answer.status, (statuses.get(answer.status) ?? 0) + 1);
          if (role === "other-store-token" && operation.authenticated && answer.status < 300) {
            failures.push(`${label} with a token from another store (${request.kind}) ${request.path}: accepted (${answer.status})`);
          }
          for (const problem of problemsOf(operation, request, answer)) {
            failures.push(
              `${label} as ${role} (${request.kind}) ${request.path}${request.query ? `?${request.query.slice(0, 120)}` : ""} body ${String(request.body).slice(0, 120)}: ${problem}`,
            );
          }
        });
      }
      table.push({
        operation: label,
        anonymous: counts.anonymous!,
        shopper: counts.shopper!,
        "other-merchant": counts["other-merchant"]!,
        "other-store-token": counts["other-store-token"]!,
        statuses: [...statuses]
          .sort(([a], [b]) => a - b)
          .map(([status, count]) => `${status}×${count}`)
          .join(" "),
      });
    }

    const total = table.reduce((sum, row) => sum + row.anonymous + row.shopper + row["other-merchant"] + row["other-store-token"], 0);
    const lines = [
      `hostile input: ${total} requests over ${table.length} operations (seed ${SEED})`,
      ...table.map(
        (row) =>
          `${row.operation.padEnd(72)} ${String(row.anonymous).padStart(3)} ${String(row.shopper).padStart(3)} ${String(row["other-merchant"]).padStart(3)} ${String(row["other-store-token"]).padStart(3)}  ${row.statuses}`,
      ),
    ];
    process.stdout.write(`${lines.join("\n")}\n`);
    mkdirSync(resolve(import.meta.dirname, "../../../.reports"), { recursive: true });
    writeFileSync(
      resolve(import.meta.dirname, "../../../.reports/hostile-input.json"),
      JSON.stringify({ seed: SEED, total, operations: table }, null, 2),
    );

    expect(failures.slice(0, 40)).toEqual([]);
    expect(await victimState()).toEqual(before);
    // ~20 s on an idle machine; the operations grow with the API, and CI shares its cores.
  }, 240_000);
});

/** Money moves only through the refund service (issue 24 #5): nobody marks an order refunded by hand. */
describe("a move to refunded through the transitions route", () => {
  it("is refused for every caller, the victim's own owner included; the order stays paid, with no refund and no move in its history", async () => {
    const { dataSource } = test.platform;
    const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: victim.store.id });
    const method = await buildShippingMethod(dataSource, victim.store.id, { price: 100_000 });
    const buyer = await buildUser(dataSource);
    const { order } = await placeAs(dataSource, victim.store.id, buyer, {
      items: [{ instanceId: instance.id, quantity: 1 }],
      address: tehranAddress(),
      shippingMethodId: method.id,
    });
    await dataSource.transaction((manager) =>
      markOrderPaid(systemContext(manager, "payments"), victim.store.id, order.id, { reference: "990011" }),
    );
    const [victimOwner] = await dataSource.query(`SELECT id, phone, is_staff AS "isStaff" FROM users WHERE id = $1`, [
      victim.store.ownerId,
    ]);
    const path = `/api/v1/stores/${victim.store.id}/orders/${order.id}/transitions`;
    const callers: Array<[string, Record<string, string>, number, string]> = [
      ["anonymous", {}, 401, "unauthorized"],
      ["a shopper", bearer(test.config, buyer), 404, "store_not_found"],
      ["another store's merchant", bearer(test.config, attacker.owner), 404, "store_not_found"],
      ["the store's owner", bearer(test.config, victimOwner as User), 422, "refund_required"],
    ];
    for (const [who, headers, status, code] of callers) {
      for (const body of [{ to: "refunded" }, { to: "refunded", reason: "پول برگشت" }]) {
        const res = await server.request("POST", path, { headers, body });
        expect([who, res.status, res.body?.error?.code]).toEqual([who, status, code]);
      }
    }
    expect((await dataSource.query(`SELECT state FROM orders WHERE id = $1`, [order.id]))[0].state).toBe("paid");
    expect(await dataSource.query(`SELECT 1 FROM order_refunds WHERE order_id = $1`, [order.id])).toEqual([]);
    expect(await dataSource.query(`SELECT 1 FROM order_history WHERE order_id = $1 AND to_state = 'refunded'`, [order.id])).toEqual([]);
  });
});

/** Cases the generated run found, pinned so they stay fixed. */
describe("hostile inputs found by the run above", () => {
  it("a path segment that is not UTF-8 (%ED%A0%80) is a 400 naming the path, not a 500", async () => {
    const res = await server.request("GET", `/api/v1/stores/${attacker.store.id}/products/%ED%A0%80`, {
      headers: bearer(test.config, attacker.owner),
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "invalid_path", field: "path" });
  });

  it("a multipart upload cut short is a 400 naming the file, not a 500", async () => {
    const res = await server.request("POST", `/api/v1/stores/${attacker.store.id}/logo`, {
      headers: { ...bearer(test.config, attacker.owner), "content-type": "multipart/form-data; boundary=b" },
      body: '--b\r\ncontent-disposition: form-data; name="file"; filename="a.jpg"\r\n\r\n\xff\xd8\xff',
    });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatchObject({ code: "upload_malformed", field: "file" });
  });
});
