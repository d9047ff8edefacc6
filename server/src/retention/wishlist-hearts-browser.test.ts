import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "../../../e2e/support/browser.js";
import { consoleInbox, signInOnSite } from "../../../e2e/support/store-site.js";
import { buildSite } from "../sites/site-build.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore, randomPhone } from "../test/factories.js";
import { useStoreSiteBrowser } from "../test/store-site-browser.js";
import { useTestPlatform } from "../test/test-platform.js";
import { WishlistItem } from "./wishlist-item.entity.js";

/**
 * The heart on listing cards (issue 27 #4), in Chromium at a phone's width,
 * on the home page of a store in each theme: every card has one, named in
 * Persian, 44 px to tap, and the page does not scroll sideways at 390 px. A
 * shopper not signed in who taps one is taken to the product's page and
 * asked to sign in, and the product is saved; back on the listing the heart
 * shows it, and taps take it off and put it back, on the server.
 */
const test = useTestPlatform();
const site = useStoreSiteBrowser(test);
const stores: Record<"bazaar" | "minimal" | "gallery", Store> = {} as never;

beforeAll(async () => {
  const { dataSource } = test.platform;
  for (const theme of ["bazaar", "minimal", "gallery"] as const) {
    const store = await buildStore(dataSource, {
      name: `فروشگاه ${theme === "bazaar" ? "بازار" : theme === "minimal" ? "ساده" : "گالری"}`,
    });
    await dataSource.query(`UPDATE stores SET theme = $2 WHERE id = $1`, [store.id, theme]);
    await buildProduct(dataSource, store.id, { nameFa: "کاسهٔ سفالی فیروزه‌ای با نقش دست", slug: "bowl", basePrice: 2_900_000, stock: 3 });
    await buildProduct(dataSource, store.id, { nameFa: "بشقاب", slug: "plate", basePrice: 1_500_000, stock: 0 });
    await buildSite(test.platform, store.id, "test");
    stores[theme] = store;
  }
}, 240_000);

describe("hearts on listing cards", () => {
  it("every card of each theme has a 44 px heart named in Persian, and the page does not scroll sideways at 390 px", async () => {
    for (const [theme, store] of Object.entries(stores)) {
      const { page, errors } = await site.open({ locale: "fa-IR" });
      await page.goto(`${site.origin(store)}/`);
      const cards = page.locator("[data-live-product]");
      const hearts = page.locator("button[data-wishlist-heart]");
      expect(await cards.count(), theme).toBeGreaterThanOrEqual(2);
      expect(await hearts.count(), theme).toBe(await cards.count());
      for (const heart of await hearts.all()) {
        expect(await heart.getAttribute("aria-label")).toBe("افزودن به علاقه‌مندی‌ها");
        const box = (await heart.boundingBox())!;
        expect(box.width, theme).toBeGreaterThanOrEqual(44);
        expect(box.height, theme).toBeGreaterThanOrEqual(44);
      }
      expect(await page.evaluate("document.documentElement.scrollWidth - window.innerWidth"), theme).toBeLessThanOrEqual(0);
      await screenshot(page, `wishlist-hearts-${theme}`);
      expect(errors, theme).toEqual([]);
      await page.context().close();
    }
  }, 240_000);

  it("asks a shopper who is not signed in to sign in, saves the product, and toggles it from the listing once signed in", async () => {
    const store = stores.bazaar;
    const { dataSource } = test.platform;
    const saved = async () => (await dataSource.getRepository(WishlistItem).findBy({ storeId: store.id })).length;
    const { page, errors } = await site.open({ locale: "fa-IR" });
    await page.goto(`${site.origin(store)}/`);
    // The home page may show a product in more than one section: every one of its hearts says the same.
    const heartOf = (slug: string) => page.locator(`[data-product="${slug}"] button[data-wishlist-heart]`).first();
    await heartOf("bowl").click();
    await page.waitForURL(/\/p\/bowl\/#wishlist$/);
    await page.waitForSelector('[data-testid="sign-in"]');
    await screenshot(page, "wishlist-hearts-sign-in");
    await signInOnSite(page, { phone: randomPhone(), inbox: consoleInbox(test.platform) });
    await expect.poll(saved, { timeout: 30_000 }).toBe(1);

    await page.goto(`${site.origin(store)}/`);
    await expect.poll(() => heartOf("bowl").getAttribute("aria-pressed"), { timeout: 30_000 }).toBe("true");
    expect(await heartOf("bowl").getAttribute("aria-label")).toBe("حذف از علاقه‌مندی‌ها");
    expect(await heartOf("plate").getAttribute("aria-pressed")).toBe("false");
    await screenshot(page, "wishlist-hearts-saved");
    await heartOf("bowl").click();
    await expect.poll(() => heartOf("bowl").getAttribute("aria-pressed"), { timeout: 30_000 }).toBe("false");
    expect(await saved()).toBe(0);
    await heartOf("plate").click();
    await expect.poll(() => heartOf("plate").getAttribute("aria-pressed"), { timeout: 30_000 }).toBe("true");
    expect((await dataSource.getRepository(WishlistItem).findBy({ storeId: store.id })).map((item) => item.productId)).toEqual([
      await heartOf("plate").getAttribute("data-wishlist-heart"),
    ]);
    expect(errors).toEqual([]);
  }, 240_000);
});
