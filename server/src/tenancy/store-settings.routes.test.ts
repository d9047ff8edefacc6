import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "../main/app.js";
import { addStoreMember } from "./tenancy.service.js";
import { systemContext } from "../core/context.js";
import { buildStore, randomPhone } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { bearer, buildUser } from "../test/sign-in.js";
import { useTestPlatform } from "../test/test-platform.js";
import type { Store } from "./store.entity.js";

/** A store's settings and content pages through the API: validated field by field, scoped by store and role, audited, rebuilding the site. */
const test = useTestPlatform();
let server: TestServer;
let store: Store;
let other: Store;
let owner: Record<string, string>;
let orderStaff: Record<string, string>;

beforeAll(async () => {
  const ownerPhone = randomPhone();
  store = await buildStore(test.platform.dataSource, { name: "چای و دمنوش", ownerPhone });
  other = await buildStore(test.platform.dataSource);
  owner = bearer(test.config, await buildUser(test.platform.dataSource, { phone: ownerPhone }));
  const staffPhone = randomPhone();
  await test.platform.dataSource.transaction((m) => addStoreMember(systemContext(m, "test"), store.id, staffPhone, "order_staff"));
  orderStaff = bearer(test.config, await buildUser(test.platform.dataSource, { phone: staffPhone }));
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

const api = (method: string, path: string, headers: Record<string, string>, body?: unknown) =>
  server.request(method, `/api/v1${path}`, { headers, body });

describe("store settings through the API", () => {
  it("saves contact details in one form (Persian digits, +98 and dashes accepted), audits the change and asks for a full rebuild", async () => {
    const res = await api("PATCH", `/stores/${store.id}/settings`, owner, {
      contact: {
        phone: "+98 912 123 4567",
        email: "hi@chai.example",
        provinceId: 8,
        city: "تهران",
        address: "خیابان انقلاب",
        postalCode: "۱۳۱۴۵۶۷۸۹۰",
        workingHours: "۹ تا ۱۷",
        social: [{ kind: "instagram", url: "https://instagram.com/chai" }],
      },
      accent: "#B4451F",
      announcement: { text: "ارسال رایگان بالای ۱ میلیون تومان", link: "/pages/shipping/" },
      enamad: { id: "۹۸۷۶۵۴", code: "Xy12" },
    });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(res.body.contact).toMatchObject({ phone: "09121234567", postalCode: "1314567890", provinceId: 8 });
    expect(res.body.accent).toBe("#b4451f");
    expect(res.body.enamad).toEqual({ id: "987654", code: "Xy12" });
    const [audit] = await test.platform.dataSource.query(
      `SELECT action, after FROM audit_entries WHERE store_id = $1 AND action = 'store.settings_changed'`,
      [store.id],
    );
    expect(audit.action).toBe("store.settings_changed");
    expect(Object.keys(audit.after).sort()).toEqual(["accent", "announcement", "contact", "enamad"]);
    const [event] = await test.platform.dataSource.query(
      `SELECT payload FROM outbox WHERE store_id = $1 AND type = 'store.changed' ORDER BY id DESC LIMIT 1`,
      [store.id],
    );
    expect(event.payload).toMatchObject({ change: "settings" });
    expect((await api("GET", `/stores/${store.id}/settings`, owner)).body.contact.email).toBe("hi@chai.example");
  });

  it("names the field of bad input in Persian", async () => {
    for (const [body, field] of [
      [{ contact: { phone: "12345" } }, "contact.phone"],
      [{ contact: { email: "not-an-email" } }, "contact.email"],
      [{ contact: { provinceId: 99 } }, "contact.provinceId"],
      [{ contact: { postalCode: "123" } }, "contact.postalCode"],
      [{ contact: { social: [{ kind: "instagram", url: "javascript:alert(1)" }] } }, "contact.social.0.url"],
      [{ accent: "#123456" }, "accent"],
      [{ headerLinks: [{ label: "بد", href: "javascript:alert(1)" }] }, "headerLinks.0.href"],
      [{ headerLinks: [{ label: "بد", href: "//evil.example/" }] }, "headerLinks.0.href"],
      [{ enamad: { id: "abc", code: "x" } }, "enamad.id"],
      [{ banners: [{ mediaId: "00000000-0000-4000-8000-000000000000", title: "نوروز" }] }, "banners.0.mediaId"],
    ] as const) {
      const res = await api("PATCH", `/stores/${store.id}/settings`, owner, body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.body.error.field, JSON.stringify(body)).toBe(field);
      expect(res.body.error.message).toMatch(/[\u0600-\u06FF]/);
    }
  });

  it("is for the store's owners and managers only; another store answers 404", async () => {
    expect((await api("PATCH", `/stores/${store.id}/settings`, orderStaff, { name: "دزدی" })).status).toBe(403);
    expect((await api("PATCH", `/stores/${other.id}/settings`, owner, { name: "دزدی" })).status).toBe(404);
    expect((await api("GET", `/stores/${other.id}/pages`, owner)).status).toBe(404);
  });
});

describe("content pages through the API", () => {
  it("lists the standard pages with their default text, saves one sanitised, and resets it to the default", async () => {
    const list = await api("GET", `/stores/${store.id}/pages`, owner);
    expect(list.body.items.map((p: { slug: string }) => p.slug)).toEqual([
      "about",
      "contact",
      "shipping",
      "returns",
      "terms",
      "privacy",
      "faq",
    ]);
    const contact = list.body.items.find((p: { slug: string }) => p.slug === "contact");
    expect(contact.isDefault).toBe(true);
    expect(contact.bodyHtml).toContain("۰۹۱۲۱۲۳۴۵۶۷");

    const saved = await api("PATCH", `/stores/${store.id}/pages/about`, owner, {
      bodyHtml: `<p onclick="x()">ما از <b>۱۳۹۰</b> چای می‌فروشیم.</p><script>alert(1)</script>`,
    });
    expect(saved.status).toBe(200);
    expect(saved.body).toMatchObject({ isDefault: false, bodyHtml: "<p>ما از <strong>۱۳۹۰</strong> چای می‌فروشیم.</p>" });
    const blank = await api("PATCH", `/stores/${store.id}/pages/about`, owner, { bodyHtml: "<script>x</script>  " });
    expect(blank.status).toBe(400);
    expect(blank.body.error.field).toBe("bodyHtml");
    expect((await api("DELETE", `/stores/${store.id}/pages/about`, owner)).status).toBe(200);
    expect((await api("GET", `/stores/${store.id}/pages/about`, owner)).body.isDefault).toBe(true);
  });

  it("adds a page of the store's own with its slug, refusing a taken or reserved one", async () => {
    const created = await api("POST", `/stores/${store.id}/pages`, owner, {
      slug: "Gift-Cards",
      title: "کارت هدیه",
      bodyHtml: "<p>کارت هدیهٔ چای</p>",
    });
    expect(created.status).toBe(201);
    expect(created.body.slug).toBe("gift-cards");
    const again = await api("POST", `/stores/${store.id}/pages`, owner, { slug: "gift-cards", title: "دوباره", bodyHtml: "<p>x</p>" });
    expect(again.status).toBe(409);
    expect(again.body.error.field).toBe("slug");
    expect((await api("POST", `/stores/${store.id}/pages`, owner, { slug: "about", title: "x", bodyHtml: "<p>x</p>" })).status).toBe(409);
    const bad = await api("POST", `/stores/${store.id}/pages`, owner, { slug: "هدیه", title: "x", bodyHtml: "<p>x</p>" });
    expect(bad.status).toBe(400);
    expect(bad.body.error.field).toBe("slug");
    // The same slug in another store is that store's business.
    const ownerOfOther = bearer(
      test.config,
      await buildUser(test.platform.dataSource, {
        phone: (
          await test.platform.dataSource.query(`SELECT u.phone FROM users u JOIN stores s ON s.owner_id = u.id WHERE s.id = $1`, [other.id])
        )[0].phone,
      }),
    );
    expect(
      (await api("POST", `/stores/${other.id}/pages`, ownerOfOther, { slug: "gift-cards", title: "کارت هدیه", bodyHtml: "<p>x</p>" }))
        .status,
    ).toBe(201);
    expect((await api("DELETE", `/stores/${store.id}/pages/gift-cards`, owner)).status).toBe(200);
    expect((await api("GET", `/stores/${store.id}/pages/gift-cards`, owner)).status).toBe(404);
  });
});
