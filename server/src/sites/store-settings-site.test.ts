import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { demoLogo } from "../db/demo-images.js";
import { seedPicture } from "../db/demo-data.js";
import { createApp } from "../main/app.js";
import { systemContext } from "../core/context.js";
import { buildProduct, buildStore } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { createCustomPage, saveStorePage } from "../tenancy/store-pages.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { updateStoreSettings } from "../tenancy/tenancy.service.js";
import { buildSite } from "./site-build.service.js";

/**
 * A store's own settings reach every page of its site: the logo in the
 * header (and as favicon and OpenGraph image), the announcement bar, the
 * footer's links, contact details and eNamad badge, the content pages with
 * their Persian defaults, and the sitemap.
 */
const test = useTestPlatform();
let server: TestServer;
let store: Store;
let bare: Store;

const get = (slug: string, path: string) => server.request("GET", path, { host: `${slug}.mall.localhost` });
const inTx = <T>(work: (ctx: ReturnType<typeof systemContext>) => Promise<T>) =>
  test.platform.dataSource.transaction((m) => work(systemContext(m, "test")));

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource, { name: "گالری فیروزه" });
  bare = await buildStore(test.platform.dataSource, { name: "فروشگاه تازه" });
  server = await startTestServer(createApp(test.platform));
});
afterAll(() => server.close());

describe("a store's settings on its site", { timeout: 120_000 }, () => {
  it("a new store gets its content pages with Persian text from its own data, linked from the footer and listed in the sitemap, and no eNamad badge", async () => {
    expect((await buildSite(test.platform, bare.id, "test")).status).toBe("succeeded");
    const home = await get(bare.slug, "/");
    for (const [slug, title] of [
      ["about", "درباره ما"],
      ["contact", "تماس با ما"],
      ["terms", "قوانین و مقررات"],
      ["privacy", "حریم خصوصی"],
      ["returns", "بازگرداندن کالا"],
      ["shipping", "شیوه‌های ارسال"],
      ["faq", "پرسش‌های پرتکرار"],
    ]) {
      expect(home.text).toMatch(new RegExp(`href="/pages/${slug}/"[^>]*>${title}</a>`));
      const page = await get(bare.slug, `/pages/${slug}/`);
      expect(page.status, slug).toBe(200);
      expect(page.text).toContain(`<h1 class="mb-4 text-2xl font-black">${title}</h1>`);
      expect(page.text.replace(/<[^>]*>/g, "").length).toBeGreaterThan(200);
    }
    expect((await get(bare.slug, "/pages/about/")).text).toContain("فروشگاه تازه");
    expect((await get(bare.slug, "/sitemap.xml")).text).toContain(`/pages/privacy/</loc>`);
    expect(home.text).not.toContain("data-enamad");
    expect(home.text).not.toContain("trustseal.enamad.ir");
  });

  it("shows the logo, announcement, accent, header links, contact details, eNamad badge and the merchant's own pages", async () => {
    await seedPicture(
      test.platform.dataSource,
      { storage: test.platform.mediaStorage, logger: test.platform.logger, maxImagePixels: 100_000_000 },
      store.id,
      null,
      await demoLogo(),
    );
    await inTx(async (ctx) => {
      await updateStoreSettings(ctx, store.id, {
        accent: "#1d4e89",
        contact: {
          phone: "۰۲۱-۸۸۷۷۶۶۵۵",
          email: "hello@firouzeh.example",
          provinceId: 4,
          city: "اصفهان",
          address: "میدان نقش جهان، بازار قیصریه",
          postalCode: "۸۱۳۴۶۷۳۱۱۱",
          workingHours: "همه‌روزه ۱۰ تا ۲۰",
        },
        announcement: { text: "تخفیف نوروزی تا پایان فروردین", link: "/pages/nowruz/" },
        headerLinks: [{ label: "فروش نوروزی", href: "/pages/nowruz/" }],
        enamad: { id: "۱۲۳۴۵۶", code: "AbC123xyz" },
      });
      await createCustomPage(ctx, store.id, {
        slug: "nowruz",
        title: "فروش نوروزی",
        bodyHtml: "<p>تا <strong>۳۰٪</strong> تخفیف</p><script>alert(1)</script><img src=x onerror=alert(1)>",
      });
      await saveStorePage(ctx, store.id, "returns", { bodyHtml: "<p>تا ۱۴ روز پس از تحویل، بی‌هیچ پرسشی.</p>" });
    });
    expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");

    const home = await get(store.slug, "/");
    // The header's home link holds the logo beside the store's name, so the picture's alt is empty (the name is read once).
    const logo = /data-store-logo[\s\S]*?<img src="([^"]+)"/.exec(home.text)?.[1];
    expect(logo, "the logo in the header").toMatch(/\.webp$/);
    expect((await server.request("GET", new URL(logo!, "http://x").pathname, { host: `${store.slug}.mall.localhost` })).status).toBe(200);
    expect(home.text).toMatch(/<link rel="icon" href="[^"]+\.webp"/);
    expect(home.text).toMatch(/<meta property="og:image" content="http:\/\/[^"]+\.webp"/);
    expect(home.text).toContain('data-accent="#1d4e89"');
    expect(home.text).toContain("تخفیف نوروزی تا پایان فروردین");
    expect(home.text).toMatch(/<nav aria-label="دسته‌بندی‌ها".*href="\/pages\/nowruz\/"[^>]*>فروش نوروزی<\/a>.*<\/nav>/s);
    expect(home.text).toContain("۰۲۱۸۸۷۷۶۶۵۵");
    expect(home.text).toContain('href="tel:02188776655"');
    expect(home.text).toContain("اصفهان، اصفهان، میدان نقش جهان، بازار قیصریه");
    expect(home.text).toContain('href="https://trustseal.enamad.ir/?id=123456&amp;Code=AbC123xyz"');
    expect(home.text).toContain('src="https://trustseal.enamad.ir/logo.aspx?id=123456&amp;Code=AbC123xyz"');
    // The page's own policy lets the seal's image in (the header names it for every store; the meta only for this one).
    expect(home.text).toMatch(/content-security-policy" content="[^"]*img-src 'self' data: blob: https:\/\/trustseal\.enamad\.ir/);

    const custom = await get(store.slug, "/pages/nowruz/");
    expect(custom.status).toBe(200);
    expect(custom.text).toContain("<strong>۳۰٪</strong>");
    expect(custom.text).not.toContain("alert(1)");
    expect((await get(store.slug, "/pages/returns/")).text).toContain("تا ۱۴ روز پس از تحویل");
    const contact = await get(store.slug, "/pages/contact/");
    expect(contact.text).toContain("hello@firouzeh.example");
    expect(contact.text).toContain("۸۱۳۴۶۷۳۱۱۱");
    expect((await get(store.slug, "/sitemap.xml")).text).toContain("/pages/nowruz/</loc>");
  });

  it("with the Latin name shown, a product that has none shows its Persian name alone, and its slug comes from it", async () => {
    const shop = await buildStore(test.platform.dataSource, { name: "روسری‌فروشی" });
    await inTx((ctx) => updateStoreSettings(ctx, shop.id, { showLatinName: true }));
    const named = await buildProduct(test.platform.dataSource, shop.id, { name: "Silk scarf", nameFa: "روسری ابریشمی", slug: undefined });
    const persianOnly = await buildProduct(test.platform.dataSource, shop.id, { name: null, nameFa: "روسری نخی گل‌دار", slug: undefined });
    expect([named.slug, persianOnly.slug]).toEqual(["silk-scarf", "روسری-نخی-گل-دار"]);
    expect((await buildSite(test.platform, shop.id, "test")).status).toBe("succeeded");
    const withLatin = await get(shop.slug, "/p/silk-scarf/");
    expect(withLatin.text).toMatch(/data-testid="latin-name"[^>]*>Silk scarf</);
    const page = await get(shop.slug, `/p/${encodeURIComponent(persianOnly.slug)}/`);
    expect(page.status).toBe(200);
    expect(page.text).toContain("روسری نخی گل‌دار</h1>");
    expect(page.text).not.toContain("latin-name");
    expect(page.text).not.toMatch(/>\s*null\s*</);
    // The search index keys it by its Persian name, with no "null" for the missing one.
    const index = JSON.parse((await get(shop.slug, "/search-index.json")).text) as Array<{ slug: string; key: string }>;
    const entry = index.find((item) => item.slug === persianOnly.slug)!;
    expect(entry.key).toMatch(/\|$/);
    expect(entry.key).not.toContain("null");
  });

  it("the page policy of a store without a seal leaves the seal's origin out", async () => {
    const home = await get(bare.slug, "/");
    expect(home.text).toMatch(/content-security-policy" content="[^"]*img-src 'self' data: blob:;/);
  });
});
