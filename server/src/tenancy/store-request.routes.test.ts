import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { buildStore, randomPhone, randomSlug } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { clearRateLimits, signInThroughApi } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import type { Store } from "./store.entity.js";
import { SLUG_CHECKS_PER_MINUTE } from "./store-request.routes.js";
import { MAX_PENDING_REQUESTS_PER_OWNER } from "./store-request.service.js";

const test = useTestPlatform();
const PLATFORM_HOST = "mall.localhost";
let server: TestServer;
let store: Store;

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource, { name: "فروشگاه موجود" });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());
beforeEach(() => clearRateLimits(test.platform));

/** Signed in by SMS code on the platform's own host, as the landing page's form does. */
async function owner(phone = randomPhone()) {
  const session = await signInThroughApi(server, test.platform, { phone, host: PLATFORM_HOST });
  return { phone, headers: { Authorization: `Bearer ${session.accessToken}` } };
}

const availability = (slug: string) =>
  server.request("GET", `/api/v1/store-requests/slug-availability?slug=${encodeURIComponent(slug)}`, { host: PLATFORM_HOST });
const submit = (headers: Record<string, string>, body: unknown) =>
  server.request("POST", "/api/v1/store-requests", { host: PLATFORM_HOST, headers, body });

describe("store requests from the landing page", () => {
  it("answers whether a slug is free, and why not in Persian", async () => {
    const free = randomSlug("ketab");
    const res = await availability(`  ${free.toUpperCase()} `);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      slug: free,
      available: true,
      reason: null,
      host: `${free}.mall.localhost`,
      message: `نشانی ${free}.mall.localhost آزاد است.`,
    });

    const taken = await availability(store.slug);
    expect(taken.body).toMatchObject({ slug: store.slug, available: false, reason: "taken" });
    expect(taken.body.message).toContain("پیش‌تر گرفته شده است");

    const reserved = await availability("admin");
    expect(reserved.body).toMatchObject({
      available: false,
      reason: "reserved",
      host: null,
      message: "این نامک رزرو شده است؛ نامک دیگری انتخاب کنید.",
    });

    for (const [slug, message] of [
      ["-bad-", "نامک فقط حروف کوچک لاتین، رقم و خط تیره دارد و با خط تیره شروع یا تمام نمی‌شود."],
      ["کتاب", "نامک فقط حروف کوچک لاتین، رقم و خط تیره دارد و با خط تیره شروع یا تمام نمی‌شود."],
      ["a", "نامک باید دست‌کم ۲ نویسه باشد."],
      ["x".repeat(41), "نامک حداکثر ۴۰ نویسه است."],
    ] as const) {
      const bad = await availability(slug);
      expect(bad.status, slug).toBe(200);
      expect(bad.body, slug).toMatchObject({ available: false, reason: "invalid", host: null, message });
    }

    const missing = await server.request("GET", "/api/v1/store-requests/slug-availability", { host: PLATFORM_HOST });
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatchObject({ code: "invalid_input", field: "slug" });
  });

  it("records a signed-in owner's request as pending, with their verified phone, and shows it in their own list", async () => {
    const me = await owner();
    const slug = randomSlug("golbaran");
    const res = await submit(me.headers, {
      storeName: "  گل‌فروشی باران ",
      slug: slug.toUpperCase(),
      description: "دسته‌گل و گیاه آپارتمانی",
    });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({
      storeName: "گل‌فروشی باران",
      slug,
      description: "دسته‌گل و گیاه آپارتمانی",
      status: "pending",
      reason: null,
      decidedAt: null,
      storeOrigin: null,
    });

    const [row] = await test.platform.dataSource.query(
      `SELECT r.status, r.owner_phone, u.phone AS user_phone FROM store_requests r JOIN users u ON u.id = r.owner_id WHERE r.id = $1`,
      [res.body.id],
    );
    expect(row).toEqual({ status: "pending", owner_phone: me.phone, user_phone: me.phone });

    // The slug is now spoken for while the request waits.
    expect((await availability(slug)).body).toMatchObject({ available: false, reason: "requested" });

    const mine = await server.request("GET", "/api/v1/me/store-requests", { host: PLATFORM_HOST, headers: me.headers });
    expect(mine.status).toBe(200);
    expect(mine.body.items.map((r: { id: string }) => r.id)).toEqual([res.body.id]);
    const someoneElse = await owner();
    const theirs = await server.request("GET", "/api/v1/me/store-requests", { host: PLATFORM_HOST, headers: someoneElse.headers });
    expect(theirs.body.items).toEqual([]);
  });

  it("refuses a slug that a store has or another pending request wants, with 409 naming the slug", async () => {
    const first = await owner();
    const slug = randomSlug("chai");
    expect((await submit(first.headers, { storeName: "چای‌خانه", slug })).status).toBe(201);

    const second = await owner();
    const duplicate = await submit(second.headers, { storeName: "چای دیگر", slug });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.error).toEqual({
      code: "slug_requested",
      field: "slug",
      message: "برای این نشانی درخواست دیگری در حال بررسی است؛ نشانی دیگری انتخاب کنید.",
      requestId: expect.any(String),
    });

    const taken = await submit(second.headers, { storeName: "هم‌نام", slug: store.slug });
    expect(taken.status).toBe(409);
    expect(taken.body.error).toMatchObject({ code: "slug_taken", field: "slug" });
    const [{ count }] = await test.platform.dataSource.query(`SELECT count(*)::int AS count FROM store_requests WHERE slug = $1`, [slug]);
    expect(count).toBe(1);
  });

  it("needs a signed-in owner, and answers bad input with 400 naming the field", async () => {
    const anonymous = await submit({}, { storeName: "بی‌نام", slug: randomSlug() });
    expect(anonymous.status).toBe(401);

    const me = await owner();
    const cases: Array<[unknown, string]> = [
      [{ slug: randomSlug() }, "storeName"],
      [{ storeName: "ا", slug: randomSlug() }, "storeName"],
      [{ storeName: "فروشگاه" }, "slug"],
      [{ storeName: "فروشگاه", slug: "-bad-" }, "slug"],
      [{ storeName: "فروشگاه", slug: "store" }, "slug"],
      [{ storeName: "فروشگاه", slug: randomSlug(), description: "x".repeat(501) }, "description"],
      [{ storeName: "فروشگاه", slug: randomSlug(), description: 42 }, "description"],
      ["not json", "body"],
    ];
    for (const [body, field] of cases) {
      const res = await submit(me.headers, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
      expect(res.body.error.message).toMatch(/[\u0600-\u06ff]/);
    }
    const [{ count }] = await test.platform.dataSource.query(`SELECT count(*)::int AS count FROM store_requests WHERE owner_phone = $1`, [
      me.phone,
    ]);
    expect(count).toBe(0);
  });

  it("lets one person have only a few requests waiting at once", async () => {
    const me = await owner();
    for (let i = 0; i < MAX_PENDING_REQUESTS_PER_OWNER; i++)
      expect((await submit(me.headers, { storeName: `فروشگاه ${i}`, slug: randomSlug("many") })).status).toBe(201);
    const refused = await submit(me.headers, { storeName: "یکی دیگر", slug: randomSlug("many") });
    expect(refused.status).toBe(422);
    expect(refused.body.error.code).toBe("too_many_pending_requests");
  });

  it("rate-limits slug checks per IP", async () => {
    const slug = randomSlug("rl");
    const answers = await Promise.all(Array.from({ length: SLUG_CHECKS_PER_MINUTE + 1 }, () => availability(slug)));
    expect(answers.filter((res) => res.status === 200)).toHaveLength(SLUG_CHECKS_PER_MINUTE);
    const limited = answers.find((res) => res.status === 429)!;
    expect(limited.headers["retry-after"]).toBeDefined();
    expect(limited.body.error.code).toBe("too_many_requests");
  });
});
