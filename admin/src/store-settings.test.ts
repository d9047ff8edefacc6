import type { User } from "@mall/server/identity/user.entity.js";
import { buildStore } from "@mall/server/test/factories.js";
import { photo } from "@mall/server/test/media-fixtures.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import { StoreMember, type StoreRole } from "@mall/server/tenancy/store-member.entity.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import { seedPicture } from "@mall/server/db/demo-data.js";
import { demoBanner } from "@mall/server/db/demo-images.js";
import { beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * The store's settings page and its content pages in the back office, through
 * AdminJS's API: what the merchant types reaches the one settings service
 * (validated, audited, rebuilding the site); another store's pages are not found.
 */
const test = useAdminServer();
let store: Store;
let other: Store;
let session: AdminSession;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "عطاری سنتی" });
  other = await buildStore(dataSource, { name: "فروشگاه دیگر" });
  const owner = (await dataSource.query(`SELECT id, phone FROM users WHERE id = $1`, [store.ownerId]))[0] as User;
  session = await signInToAdmin(test.server, test.platform, owner.phone);
});

describe("store settings in the back office", () => {
  it("saves contact details, accent, announcement, links and the eNamad seal through the settings service", async () => {
    const response = await session.edit("stores", store.id, {
      accent: "#b4451f",
      showLatinName: "true",
      contactPhone: "۰۳۱-۳۲۲۲۳۳۴۴",
      contactEmail: "attari@example.com",
      contactProvince: "اصفهان",
      contactCity: "اصفهان",
      contactAddress: "بازار بزرگ، سرای مخلص",
      contactPostalCode: "۸۱۴۳۶۵۴۳۲۱",
      contactWorkingHours: "شنبه تا پنجشنبه ۹ تا ۲۰",
      socialInstagram: "https://instagram.com/attari",
      announcementText: "ارسال رایگان بالای ۵۰۰ هزار تومان",
      announcementLink: "",
      headerLinks: "دمنوش‌ها | /c/herbal/\nدربارهٔ ما | /pages/about/",
      footerLinks: "",
      enamadId: "۴۴۴۵۵۵",
      enamadCode: "Qw12Er",
    });
    expect(response.body.record.errors ?? {}).toEqual({});
    const saved = await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id });
    expect(saved.accent).toBe("#b4451f");
    expect(saved.showLatinName).toBe(true);
    expect(saved.contact).toMatchObject({
      phone: "03132223344",
      provinceId: 4,
      postalCode: "8143654321",
      social: [{ kind: "instagram", url: "https://instagram.com/attari" }],
    });
    expect(saved.announcement).toEqual({ text: "ارسال رایگان بالای ۵۰۰ هزار تومان", link: null });
    expect(saved.headerLinks).toEqual([
      { label: "دمنوش‌ها", href: "/c/herbal/" },
      { label: "دربارهٔ ما", href: "/pages/about/" },
    ]);
    expect(saved.footerLinks).toBeNull();
    expect(saved.enamad).toEqual({ id: "444555", code: "Qw12Er" });
    const [audit] = await test.platform.dataSource.query(
      `SELECT surface FROM audit_entries WHERE store_id = $1 AND action = 'store.settings_changed'`,
      [store.id],
    );
    expect(audit.surface).toBe("admin");

    const shown = await session.show("stores", store.id);
    expect(shown.body.record.params).toMatchObject({
      contactProvince: "اصفهان",
      contactPhone: "03132223344",
      enamadId: "444555",
      headerLinks: "دمنوش‌ها | /c/herbal/\nدربارهٔ ما | /pages/about/",
    });
  });

  it("sets the unpaid-order reminder and the daily SMS budget, shows today's SMS beside it, and refuses a delay past the reservation", async () => {
    const refused = await session.edit("stores", store.id, { unpaidReminderMinutes: "۱۵" });
    expect(refused.body.record.errors?.unpaidReminderMinutes?.message).toMatch(/[\u0600-\u06FF]/);
    const saved = await session.edit("stores", store.id, { unpaidReminderMinutes: "۵", smsDailyBudget: "۳۰" });
    expect(saved.body.record.errors ?? {}, JSON.stringify(saved.body.record.errors)).toEqual({});
    expect(await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id })).toMatchObject({
      unpaidReminderMinutes: 5,
      smsDailyBudget: 30,
    });
    const shown = await session.show("stores", store.id);
    expect(shown.body.record.params).toMatchObject({ unpaidReminderMinutes: 5, smsDailyBudget: 30, smsUsedToday: 0 });
  });

  it("shows a refusal on the field the merchant typed it in, in Persian, and keeps the store as it was", async () => {
    for (const [params, field] of [
      [{ contactPhone: "۱۲۳" }, "contactPhone"],
      [{ contactPostalCode: "12" }, "contactPostalCode"],
      [{ headerLinks: "بدون نشانی" }, "headerLinks"],
      [{ headerLinks: "بد | javascript:alert(1)" }, "headerLinks"],
      [{ enamadId: "abc", enamadCode: "x" }, "enamadId"],
      [{ accent: "#111111", theme: "bazaar" }, "accent"],
    ] as const) {
      const response = await session.edit("stores", store.id, params);
      expect(response.body.record.errors?.[field]?.message, JSON.stringify(params)).toMatch(/[\u0600-\u06FF]/);
    }
    const kept = await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id });
    expect(kept.contact.phone).toBe("03132223344");
    expect(kept.accent).toBe("#b4451f");
  });
});

describe("home banners in the back office", () => {
  it("saves the banners in the merchant's order and shows them with their pictures; a bad link, another store's picture or a broken list is refused on its row", async () => {
    const { dataSource, mediaStorage, logger } = test.platform;
    const media = { storage: mediaStorage, logger, maxImagePixels: test.platform.config.MEDIA_MAX_IMAGE_PIXELS };
    const first = await seedPicture(dataSource, media, store.id, null, await demoBanner(), "image");
    const second = await seedPicture(dataSource, media, store.id, null, await demoBanner(), "image");
    const theirs = await seedPicture(dataSource, media, other.id, null, await demoBanner(), "image");
    const banners = [
      { mediaId: second, title: "دمنوش‌های زمستانی", link: "/c/herbal/" },
      { mediaId: first, title: "عطرهای سنتی", link: "" },
    ];
    const response = await session.edit("stores", store.id, { banners: JSON.stringify(banners) });
    expect(response.body.record.errors ?? {}).toEqual({});
    const saved = await dataSource.getRepository(Store).findOneByOrFail({ id: store.id });
    expect(saved.banners).toEqual([banners[0], { ...banners[1], link: null }]);
    const shown = JSON.parse((await session.show("stores", store.id)).body.record.params.banners);
    expect(shown.map((banner: { mediaId: string }) => banner.mediaId)).toEqual([second, first]);
    expect(shown[0].thumbnail).toMatch(new RegExp(`^/media/public/${store.id}/${second}/.+\\.webp$`));

    for (const [posted, field] of [
      [[{ ...banners[0], link: "javascript:alert(1)" }], "banners.0.link"],
      [[banners[0], { ...banners[1], mediaId: theirs }], "banners.1.mediaId"],
      [[{ ...banners[0], title: "ب".repeat(121) }], "banners.0.title"],
    ] as const) {
      const refused = await session.edit("stores", store.id, { banners: JSON.stringify(posted) });
      expect(refused.body.record.errors?.[field]?.message, field).toMatch(/[\u0600-\u06FF]/);
    }
    const broken = await session.edit("stores", store.id, { banners: "[{" });
    expect(broken.body.record.errors?.banners?.message).toMatch(/[\u0600-\u06FF]/);
    expect((await dataSource.getRepository(Store).findOneByOrFail({ id: store.id })).banners).toEqual(saved.banners);
  });

  it("takes a banner picture for the person's own store only, and tells its state for the store's own banner pictures only", async () => {
    const { dataSource, mediaStorage, logger } = test.platform;
    const media = { storage: mediaStorage, logger, maxImagePixels: test.platform.config.MEDIA_MAX_IMAGE_PIXELS };
    const upload = () => {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(Buffer.from("not read"))], { type: "image/png" }), "banner.png");
      return form;
    };
    expect((await session.post(`/uploads/stores/${other.id}/banners`, upload())).status).toBe(404);
    const mine = await seedPicture(dataSource, media, store.id, null, await demoBanner(), "image");
    const theirs = await seedPicture(dataSource, media, other.id, null, await demoBanner(), "image");
    const state = await session.get(`/uploads/stores/${store.id}/banners/${mine}`);
    expect(state.status).toBe(200);
    expect(state.body).toMatchObject({ id: mine, status: "ready" });
    for (const path of [
      `/uploads/stores/${store.id}/banners/${theirs}`,
      `/uploads/stores/${other.id}/banners/${theirs}`,
      `/uploads/stores/${store.id}/banners/nope`,
    ])
      expect((await session.get(path)).status, path).toBe(404);
  });
});

describe("who may upload the store's logo", () => {
  it("asks for the settings permission: catalog staff get 403 JSON and nothing is kept, a manager's logo is taken", async () => {
    const { dataSource } = test.platform;
    const logo = async () => {
      const form = new FormData();
      form.append("file", new Blob([new Uint8Array(await photo(300, 300))], { type: "image/jpeg" }), "logo.jpg");
      return form;
    };
    const member = async (role: StoreRole) => {
      const user = await buildUser(dataSource);
      await dataSource.getRepository(StoreMember).insert({ storeId: store.id, userId: user.id, role });
      return signInToAdmin(test.server, test.platform, user.phone);
    };
    const logos = async () =>
      (await dataSource.query(`SELECT count(*)::int AS n FROM media WHERE store_id = $1 AND kind = 'logo'`, [store.id]))[0].n as number;
    const before = await logos();
    const refused = await (await member("catalog_staff")).post(`/uploads/stores/${store.id}/logo`, await logo());
    expect(refused.status).toBe(403);
    expect(refused.headers.get("content-type")).toMatch(/^application\/json/);
    expect(refused.body.error).toMatchObject({ code: "forbidden" });
    expect(refused.body.error.message).toMatch(/[\u0600-\u06FF]/);
    expect(await logos()).toBe(before);
    const taken = await (await member("manager")).post(`/uploads/stores/${store.id}/logo`, await logo());
    expect(taken.status, JSON.stringify(taken.body)).toBe(201);
    expect(await logos()).toBe(before + 1);
  });
});

describe("content pages in the back office", () => {
  it("lists the seven standard pages of a new store with their default text, and saves the merchant's own text", async () => {
    const list = await session.list("storePages");
    const pages = list.body.records.map((record: { params: { slug: string; isDefault: boolean; storeId: string } }) => record.params);
    expect(pages.filter((page: { storeId: string }) => page.storeId === store.id).map((page: { slug: string }) => page.slug)).toEqual([
      "about",
      "contact",
      "shipping",
      "returns",
      "terms",
      "privacy",
      "faq",
    ]);
    expect(pages.some((page: { storeId: string }) => page.storeId === other.id)).toBe(false);

    const id = `${store.id}.contact`;
    const contact = await session.show("storePages", id);
    expect(contact.body.record.params.bodyHtml).toContain("۰۳۱۳۲۲۲۳۳۴۴");
    const edited = await session.edit("storePages", id, {
      title: "تماس با عطاری",
      bodyHtml: "<p>تلفن: ۰۳۱۳۲۲۲۳۳۴۴</p><img src=x onerror=alert(1)>",
    });
    expect(edited.body.record.errors ?? {}).toEqual({});
    const reread = await session.show("storePages", id);
    expect(reread.body.record.params).toMatchObject({ title: "تماس با عطاری", isDefault: false, bodyHtml: "<p>تلفن: ۰۳۱۳۲۲۲۳۳۴۴</p>" });
  });

  it("adds a page of the store's own; another store's page is not found", async () => {
    const created = await session.create("storePages", {
      storeId: store.id,
      title: "راهنمای دم‌کردن",
      slug: "brewing",
      bodyHtml: "<p>آب جوش را کمی خنک کنید.</p>",
    });
    expect(created.body.record.errors ?? {}).toEqual({});
    expect((await session.show("storePages", `${store.id}.brewing`)).body.record.params.title).toBe("راهنمای دم‌کردن");
    const taken = await session.create("storePages", { storeId: store.id, title: "تکراری", slug: "brewing", bodyHtml: "<p>x</p>" });
    expect(taken.body.record.errors.slug.message).toMatch(/[\u0600-\u06FF]/);
    for (const response of [
      await session.show("storePages", `${other.id}.about`),
      await session.edit("storePages", `${other.id}.about`, { title: "ربوده" }),
    ]) {
      expect(response.body.notice?.type).toBe("error");
      expect(Object.keys(response.body.record?.params ?? {})).toEqual([]);
    }
    expect(await test.platform.dataSource.query(`SELECT 1 FROM store_pages WHERE store_id = $1`, [other.id])).toEqual([]);
  });
});

describe("«راه‌اندازی فروشگاه» on the dashboard", () => {
  it("lists what the store still needs, with contact details and eNamad done after the settings above, and the eNamad readiness list", async () => {
    const dashboard = await session.get("/api/dashboard");
    const mine = dashboard.body.stores.find((entry: { id: string }) => entry.id === store.id);
    const done = Object.fromEntries(mine.readiness.setup.map((item: { key: string; done: boolean }) => [item.key, item.done]));
    expect(done).toEqual({
      logo: false,
      product: false,
      shipping: false,
      gateway: false,
      pages: true,
      telegram: false,
      domain: false,
      enamad: true,
    });
    const enamad = Object.fromEntries(mine.readiness.enamad.map((item: { key: string; done: boolean }) => [item.key, item.done]));
    expect(enamad).toMatchObject({
      domain: false,
      phone: true,
      email: true,
      address: true,
      postalCode: true,
      workingHours: true,
      pages: true,
      logo: false,
    });
    for (const item of mine.readiness.setup) expect(item.label + item.hint).toMatch(/^[^A-Za-z]*$/);
  });
});
