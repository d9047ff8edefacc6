import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "../../../e2e/support/browser.js";
import { consoleInbox, signInOnSite } from "../../../e2e/support/store-site.js";
import { updateProduct } from "../catalog/product.service.js";
import { systemContext } from "../core/context.js";
import { buildSite } from "../sites/site-build.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore, randomPhone } from "../test/factories.js";
import { clearRateLimits } from "../test/sign-in.js";
import { useStoreSiteBrowser } from "../test/store-site-browser.js";
import { useTestPlatform } from "../test/test-platform.js";

/**
 * The wishlist across two devices in Chromium (issue 27 #4): on a phone the
 * shopper taps «افزودن به علاقه‌مندی‌ها» on a built product page, signs in by
 * SMS code and the product is saved; the merchant lowers its price; on a
 * laptop (another browser, nothing shared) the same number signs in on the
 * account page and finds the product, marked «ارزان‌تر شد».
 */
const test = useTestPlatform();
// The sign-in SMS goes through the queue to the console driver, which keeps the code for the inbox.
const site = useStoreSiteBrowser(test);
let store: Store;
let productId: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "ظروف سنتی" });
  productId = (await buildProduct(dataSource, store.id, { nameFa: "قوری چینی", slug: "teapot", basePrice: 3_000_000, stock: 4 })).id;
  await buildSite(test.platform, store.id, "test");
}, 120_000);

const origin = () => site.origin(store);

describe("the wishlist in Chromium", () => {
  it("saves a product on one device and shows it, cheaper, on another", async () => {
    const phone = randomPhone();
    const { context: mobile, page, errors } = await site.open({ locale: "fa-IR" });
    await page.goto(`${origin()}/p/teapot/`);
    // Hydrated (Astro drops the island's ssr attribute) before the tap.
    const heart = page.locator('astro-island:not([ssr]) [data-testid="wishlist-toggle"]');
    await heart.click();
    await signInOnSite(page, { phone, inbox: consoleInbox(test.platform) });
    await expect.poll(() => heart.getAttribute("aria-pressed"), { timeout: 30_000 }).toBe("true");
    expect(await heart.innerText()).toContain("در فهرست علاقه‌مندی‌ها");
    await screenshot(page, "wishlist-1-saved-on-phone");
    expect(errors).toEqual([]);

    await test.platform.dataSource.transaction((manager) =>
      updateProduct(systemContext(manager, "test"), store.id, productId, { basePrice: 2_500_000 }),
    );

    // The second device asks for a code within the minute the first one's cooldown lasts: as a day later.
    await clearRateLimits(test.platform);
    const { context: laptop, page: other } = await site.open({ locale: "fa-IR", viewport: { width: 1280, height: 900 } });
    await other.goto(`${origin()}/account/`);
    await signInOnSite(other, { phone, inbox: consoleInbox(test.platform) });
    const item = other.locator('[data-testid="wishlist-item"]');
    await item.waitFor();
    const text = await item.innerText();
    expect(text).toContain("قوری چینی");
    expect(text).toContain("۲۵۰٬۰۰۰ تومان");
    expect(text).toContain("۳۰۰٬۰۰۰ تومان");
    expect(text).toContain("ارزان‌تر شد");
    await screenshot(other, "wishlist-2-account-on-laptop");
    await mobile.close();
    await laptop.close();
  }, 180_000);
});
