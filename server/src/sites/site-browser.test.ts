import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { launchBrowser, PHONE, screenshot, watchConsole } from "../../../e2e/support/browser.js";
import { updateInstance } from "../catalog/instance.service.js";
import { productDetail } from "../catalog/product.service.js";
import { createApp } from "../main/app.js";
import { systemContext } from "../core/context.js";
import { Store } from "../tenancy/store.entity.js";
import { createDiscount } from "../discounts/discount.service.js";
import { buildProduct, buildStore, buildShirtCategory } from "../test/factories.js";
import { startTestServer, type TestServer } from "../test/http-client.js";
import { useTestPlatform } from "../test/test-platform.js";
import { buildSite } from "./site-build.service.js";
import { seedPicture } from "../db/demo-data.js";
import { demoBanner, demoProductImage } from "../db/demo-images.js";
import { updateStoreSettings } from "../tenancy/tenancy.service.js";

const test = useTestPlatform();
let server: TestServer;
let browser: Browser;
let store: Store;
let blueLargeId: string;
let plainId: string;

const PERSIAN_PRICE = /[۰-۹]{1,3}(٬[۰-۹]{3})* تومان/;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "پوشاک نمونه" });
  const { category: shirts, color, size, allValues } = await buildShirtCategory(dataSource, store.id, { isCategorizer: true });
  const product = await buildProduct(dataSource, store.id, {
    categoryId: shirts.id,
    name: "Tile T-shirt",
    nameFa: "تی‌شرت طرح کاشی",
    slug: "tile-tshirt",
    description: "<p>پارچهٔ نخ پنبه</p>",
    basePrice: 4_500_000,
    stock: 5,
    attributes: allValues,
  });
  const plain = await buildProduct(dataSource, store.id, {
    categoryId: shirts.id,
    nameFa: "تی‌شرت ساده",
    slug: "plain-tshirt",
    basePrice: 3_000_000,
    stock: 2,
  });
  plainId = plain.id;
  // An automatic promotion on one product: the cart shows what it takes off.
  await dataSource.transaction((m) =>
    createDiscount(systemContext(m, "test"), store.id, {
      title: "حراج تی‌شرت ساده",
      kind: "percentage",
      value: 10,
      scope: "products",
      productIds: [plain.id],
    }),
  );
  const detail = await dataSource.transaction((m) => productDetail(systemContext(m, "test"), product, { activeInstancesOnly: true }));
  const blue = color.values.find((v) => v.value === "blue")!.id;
  const large = size.values.find((v) => v.value === "l")!.id;
  blueLargeId = detail.instances.find(
    ({ attributes }) => attributes.some((a) => a.attributeValueId === blue) && attributes.some((a) => a.attributeValueId === large),
  )!.instance.id;
  // Two pictures for the tile shirt's gallery, made by the media job as uploads' would be.
  const media = { storage: test.platform.mediaStorage, logger: test.platform.logger, maxImagePixels: test.config.MEDIA_MAX_IMAGE_PIXELS };
  for (const drawing of ["kilim-tote", "carpet-cushion"])
    await seedPicture(dataSource, media, store.id, product.id, (await demoProductImage(drawing))!);
  // A home banner from the store's settings, its picture made by the media job as an upload's would be.
  const bannerId = await seedPicture(
    dataSource,
    { storage: test.platform.mediaStorage, logger: test.platform.logger, maxImagePixels: test.config.MEDIA_MAX_IMAGE_PIXELS },
    store.id,
    null,
    await demoBanner(),
    "image",
  );
  await dataSource.transaction((m) =>
    updateStoreSettings(systemContext(m, "test"), store.id, {
      banners: [{ mediaId: bannerId, title: "تابستانهٔ نخی", link: "/c/t-shirts/" }],
    }),
  );
  await buildSite(test.platform, store.id, "test");
  server = await startTestServer(createApp(test.platform));
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

const DESKTOP = { width: 1366, height: 900 };

/** A page on the store's own host; Chromium sends *.localhost to this machine. */
async function open(path: string, viewport: { width: number; height: number } = DESKTOP): Promise<{ page: Page; errors: string[] }> {
  const context = await browser.newContext({
    viewport,
    ...(viewport === PHONE ? { isMobile: true, hasTouch: true, deviceScaleFactor: 2 } : {}),
  });
  const page = await context.newPage();
  const errors = watchConsole(page);
  await page.goto(`http://${store.slug}.mall.localhost:${server.port}${path}`);
  return { page, errors };
}

/**
 * What every page at phone size must be: nothing scrolls sideways, the
 * header has the cart and the category drawer, and every control a thumb
 * presses is at least 44 px each way.
 */
async function expectPhoneFit(page: Page, kind: string): Promise<void> {
  const width = (await page.evaluate("document.documentElement.scrollWidth")) as number;
  expect(width, `${kind} scrolls sideways`).toBeLessThanOrEqual(PHONE.width);
  expect(await page.locator('header [data-testid="cart-link"]').isVisible(), kind).toBe(true);
  expect(await page.locator('header [data-testid="category-drawer"] summary').isVisible(), kind).toBe(true);
  const small = await page.$$eval(
    "header a, header button, header input, header summary, main button, main input, main select, main summary",
    (nodes) =>
      nodes
        .filter((n) => n.checkVisibility({ contentVisibilityAuto: true, visibilityProperty: true }) && !n.closest(".sr-only"))
        // A checkbox is tapped through its label.
        .map((n) => ({
          n: n.outerHTML.slice(0, 80),
          r: (n.matches('input[type="checkbox"]') ? (n.closest("label") ?? n) : n).getBoundingClientRect(),
        }))
        .filter(({ r }) => r.width > 0 && (r.width < 44 || r.height < 44))
        .map(({ n }) => n),
  );
  expect(small, `${kind}: controls under 44px`).toEqual([]);
}

describe("the store site in Chromium", { timeout: 90_000 }, () => {
  it("picks a colour and size on a facet page's product, shows live price and stock, and keeps the cart across a reload", async () => {
    // A price change the site has not been rebuilt for: only the live island can know it.
    await test.platform.dataSource.transaction((m) =>
      updateInstance(systemContext(m, "test"), store.id, blueLargeId, { price: 4_990_000, stock: 2 }),
    );

    const { page, errors } = await open("/c/t-shirts/blue/");
    expect(await page.getAttribute("html", "dir")).toBe("rtl");
    expect(await page.getAttribute("html", "lang")).toBe("fa");
    await expect(page.locator("h1").textContent()).resolves.toContain("آبی");
    await page.click('a[href="/p/tile-tshirt/"] >> nth=0');
    await page.waitForSelector('[data-live="yes"]');

    await page.click('button[aria-label="آبی"]');
    await page.click('button[aria-label="L"]');
    await expect.poll(() => page.textContent('[data-testid="live-price"]')).toBe("۴۹۹٬۰۰۰ تومان");
    expect(await page.textContent('[data-testid="live-stock"]')).toBe("فقط ۲ عدد باقی مانده");
    await page.click('button[aria-label="قرمز"]');
    await expect.poll(() => page.textContent('[data-testid="live-price"]')).toBe("۴۵۰٬۰۰۰ تومان");
    await page.click('button[aria-label="آبی"]');

    await page.click("text=افزودن به سبد خرید");
    await expect.poll(() => page.textContent('[data-testid="cart-count"]')).toBe("۱");
    await page.reload();
    // The header's cart wakes when the browser is idle: on a loaded machine that is seconds after the load.
    await expect.poll(() => page.textContent('[data-testid="cart-count"]'), { timeout: 10_000 }).toBe("۱");

    await page.goto(`http://${store.slug}.mall.localhost:${server.port}/cart/`);
    await page.waitForSelector('[data-testid="cart-line"]');
    expect(await page.textContent('[data-testid="cart-line"]')).toContain("آبی / L");
    expect(await page.textContent('[data-testid="cart-total"]')).toBe("۴۹۹٬۰۰۰ تومان");
    await screenshot(page, "site-cart");
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const)(
    "on a %s: asks for the missing choice, names the colour, keeps the cart within stock, and shows thumbnails, line totals, the discount and remove",
    async (name, viewport) => {
      const { page, errors } = await open("/p/tile-tshirt/", viewport);
      await page.waitForSelector('[data-live="yes"]');
      // Nothing is chosen for the shopper: the button says what is missing.
      expect(await page.locator('[aria-pressed="true"]').count()).toBe(0);
      expect(await page.textContent('[data-testid="add-to-cart"]')).toBe("رنگ و سایز را انتخاب کنید");
      await page.click('[data-testid="add-to-cart"]');
      await expect.poll(() => page.textContent('[role="alert"]')).toContain("لطفاً رنگ و سایز را انتخاب کنید");
      await page.click('button[aria-label="آبی"]');
      expect(await page.textContent("[data-attribute] legend >> nth=0")).toBe("رنگ: آبی");
      expect(await page.textContent('[data-testid="add-to-cart"]')).toBe("سایز را انتخاب کنید");
      await page.click('button[aria-label="L"]');
      await expect.poll(() => page.textContent('[data-testid="live-price"]')).toBe("۴۹۹٬۰۰۰ تومان");
      // On a phone the price and the button stay on screen: a bar at the bottom.
      const bar = (await page.locator('[data-testid="buy-bar"]').boundingBox())!;
      if (name === "phone") expect(bar.y + bar.height).toBeLessThanOrEqual(PHONE.height + 1);
      // Two in stock: the third press adds nothing and says so.
      for (let i = 0; i < 3; i++) await page.click('[data-testid="add-to-cart"]');
      await expect.poll(() => page.textContent('[role="status"]')).toContain("همهٔ موجودی این کالا در سبد خرید شماست");
      await expect.poll(() => page.textContent('[data-testid="cart-count"]')).toBe("۲");

      // The mini-cart in the header opens on every screen size.
      await page.waitForSelector('[data-testid="mini-cart"][data-ready="yes"]');
      await page.click('[data-testid="cart-link"]');
      const panel = page.locator('[data-testid="mini-cart-panel"]');
      expect(await panel.textContent()).toContain("تی‌شرت طرح کاشی");
      expect(await page.textContent('[data-testid="mini-cart-total"]')).toBe("۹۹۸٬۰۰۰ تومان");
      await screenshot(page, `site-mini-cart-${name}`);

      await page.goto(`http://${store.slug}.mall.localhost:${server.port}/p/plain-tshirt/`);
      await page.waitForSelector('[data-live="yes"]');
      await page.click('[data-testid="add-to-cart"]');
      await page.goto(`http://${store.slug}.mall.localhost:${server.port}/cart/`);
      await page.waitForSelector('[data-checked="yes"]');
      const lines = page.locator('[data-testid="cart-line"]');
      expect(await lines.count()).toBe(2);
      expect(await page.locator('[data-testid="cart-thumbnail"]').count()).toBe(2);
      expect(await lines.nth(0).locator('[data-testid="cart-line-total"]').textContent()).toBe("۹۹۸٬۰۰۰ تومان");
      expect(await lines.nth(0).locator('button[aria-label="یکی بیشتر"]').isDisabled()).toBe(true);
      await expect.poll(() => page.textContent('[data-testid="cart-discount"]')).toContain("حراج تی‌شرت ساده");
      expect(await page.textContent('[data-testid="cart-discount"]')).toContain("۳۰٬۰۰۰ تومان");
      expect(await page.textContent('[data-testid="cart-subtotal"]')).toBe("۱٬۲۹۸٬۰۰۰ تومان");
      expect(await page.textContent('[data-testid="cart-total"]')).toBe("۱٬۲۶۸٬۰۰۰ تومان");
      await screenshot(page, `site-cart-${name}`);

      await lines.nth(1).locator('[data-testid="cart-remove"]').click();
      await expect.poll(() => lines.count()).toBe(1);
      await expect.poll(() => page.textContent('[data-testid="cart-count"]')).toBe("۲");
      await lines.nth(0).locator('[data-testid="cart-remove"]').click();
      await page.waitForSelector('[data-testid="cart-empty"]');
      expect(await page.locator('[data-testid="cart-count"]').count()).toBe(0);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const)(
    "on a %s, sorts and filters a category by colour, size, price and stock together, with the state in the address and the back button",
    async (size, viewport) => {
      const { page, errors } = await open("/c/t-shirts/", viewport);
      const names = () =>
        page.$$eval('[data-testid="browse-results"] li', (items) => items.map((li) => li.querySelector(".font-bold")?.textContent));
      await page.waitForSelector('[data-testid="browse"][data-ready="yes"]');
      await page.selectOption('[data-testid="sort"]', "price_asc");
      await page.waitForURL(/sort=price_asc/);
      await expect.poll(names).toEqual(["تی‌شرت ساده", "تی‌شرت طرح کاشی"]);
      // The built list steps aside while a choice is shown.
      expect(await page.locator("[data-static-listing] >> nth=-1").isHidden()).toBe(true);
      await page.click('[data-testid="filters"] summary');
      await page.click('[data-testid="filters"] button:has-text("آبی")');
      await page.click('[data-testid="filters"] button:has-text("L")');
      await page.waitForURL(/color=blue&size=l&sort=price_asc/);
      await expect.poll(names).toEqual(["تی‌شرت طرح کاشی"]);
      await page.fill('input[placeholder="از"]', "۴۰۰۰۰۰");
      await page.fill('input[placeholder="تا"]', "500000");
      await page.click('button:has-text("اعمال")');
      await page.waitForURL(/min=400000&max=500000/);
      await expect.poll(names).toEqual(["تی‌شرت طرح کاشی"]);
      await page.check('input[type="checkbox"]');
      await page.waitForURL(/stock=1/);
      await screenshot(page, `site-category-filtered-${size}`);
      // A link keeps the choice; the back button undoes one.
      const link = page.url();
      await page.goBack();
      await page.waitForURL((url) => !url.search.includes("stock=1"));
      await expect.poll(() => page.isChecked('input[type="checkbox"]')).toBe(false);
      await page.goto(link);
      await page.waitForSelector('[data-testid="browse"][data-ready="yes"]');
      await expect.poll(names).toEqual(["تی‌شرت طرح کاشی"]);
      expect(await page.textContent('[aria-label="فیلترهای انتخاب‌شده"]')).toContain("رنگ: آبی");
      await page.click('[data-testid="clear-filters"]');
      await expect.poll(() => page.getAttribute('[data-testid="browse"]', "data-state")).toBe("default");
      expect(await page.locator("[data-static-listing] >> nth=-1").isVisible()).toBe(true);

      // A facet page's filters lead to the category with its value kept.
      await page.goto(`http://${store.slug}.mall.localhost:${server.port}/c/t-shirts/blue/`);
      await page.waitForSelector('[data-testid="browse"][data-ready="yes"]');
      await page.click('[data-testid="filters"] summary');
      await page.click('[data-testid="filters"] button:has-text("M")');
      await page.waitForURL(/\/c\/t-shirts\/\?color=blue&size=m$/);
      await expect.poll(names).toEqual(["تی‌شرت طرح کاشی"]);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it.each([
    ["desktop", DESKTOP, 7_770_000, "۷۷۷٬۰۰۰ تومان"],
    ["phone", PHONE, 3_000_000, "۳۰۰٬۰۰۰ تومان"],
  ] as const)(
    "on a %s, shows a price change on the category page and the product page alike (one live source), without a rebuild",
    async (size, viewport, price, shown) => {
      const { page, errors } = await open("/c/t-shirts/", viewport);
      const card = page.locator('[data-product="plain-tshirt"] [data-live-price]').first();
      await page.waitForSelector('[data-product="plain-tshirt"][data-live="yes"]');
      // The desktop run changes the price; the phone run (after it) puts it back.
      expect(await card.textContent()).toBe(size === "desktop" ? "۳۰۰٬۰۰۰ تومان" : "۷۷۷٬۰۰۰ تومان");
      const [instance] = await test.platform.dataSource.query(`SELECT id FROM product_instances WHERE product_id = $1`, [plainId]);
      await test.platform.dataSource.transaction((m) => updateInstance(systemContext(m, "test"), store.id, instance.id, { price }));
      const product = await page.context().newPage();
      await expect
        .poll(
          async () => {
            await page.reload();
            await product.goto(`http://${store.slug}.mall.localhost:${server.port}/p/plain-tshirt/`);
            await product.waitForSelector('[data-live="yes"]');
            await page.waitForSelector('[data-product="plain-tshirt"][data-live="yes"]');
            return [await card.textContent(), await product.textContent('[data-testid="live-price"]')];
          },
          { timeout: 10_000, interval: 100 },
        )
        .toEqual([shown, shown]);
      await screenshot(page, `site-live-price-${size}`);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const)(
    "on a %s, searches from the header: suggestions as the shopper types, results with pictures and prices, the query kept, a misspelling still found",
    async (size, viewport) => {
      const { page, errors } = await open("/", viewport);
      await page.waitForSelector('[data-testid="mini-cart"][data-ready="yes"]');
      await page.fill("#q", "تیشرت");
      const suggestions = page.locator('[data-testid="suggestions"]');
      await expect.poll(() => suggestions.textContent(), { timeout: 10_000 }).toContain("تی‌شرت طرح کاشی");
      expect(await suggestions.textContent()).toContain("دسته");
      await screenshot(page, `site-search-suggestions-${size}`);
      await page.press("#q", "Enter");
      await page.waitForURL(/\/search\/\?q=/);
      await expect.poll(() => page.textContent('[data-testid="search-count"]'), { timeout: 10_000 }).toBe("۲ محصول برای «تیشرت»");
      // The header box reads the query from the address once its island wakes.
      await expect.poll(() => page.inputValue("#q")).toBe("تیشرت");
      expect(await page.locator('[data-testid="search-results"] li').count()).toBe(2);
      expect(await page.textContent('[data-testid="search-results"]')).toMatch(PERSIAN_PRICE);
      await page.selectOption('[data-testid="search-sort"]', "price_asc");
      await page.waitForURL(/sort=price_asc/);
      // A letter wrong: the close spelling still finds the shirts.
      await page.goto(`http://${store.slug}.mall.localhost:${server.port}/search/?q=${encodeURIComponent("تیشرد")}`);
      await expect.poll(() => page.locator('[data-testid="search-results"] li').count(), { timeout: 10_000 }).toBeGreaterThan(0);
      await screenshot(page, `site-search-results-${size}`);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const)(
    "on a %s, says what was missing on the 404 page (a product, a category, a page) and offers a search box",
    async (size, viewport) => {
      for (const [path, words] of [
        ["/p/no-such-product/", "این محصول پیدا نشد"],
        ["/c/no-such-category/", "این دسته پیدا نشد"],
        ["/no-such-page/", "این صفحه پیدا نشد"],
      ] as const) {
        const { page } = await open(path, viewport);
        await expect.poll(() => page.locator("h1").innerText(), { timeout: 15_000 }).toBe(words);
        expect(await page.isVisible('[data-testid="not-found"] input[name="q"]')).toBe(true);
        await screenshot(page, `site-not-found-${path.split("/")[1]}-${size}`);
        await page.context().close();
      }
    },
  );

  it("at phone size, every page kind fits the screen: nothing scrolls sideways, controls are 44px, the header has the cart and a category drawer", async () => {
    for (const [kind, path] of [
      ["home", "/"],
      ["category", "/c/t-shirts/"],
      ["facet", "/c/t-shirts/blue/"],
      ["product", "/p/tile-tshirt/"],
      ["search", "/search/?q=تی‌شرت"],
      ["cart", "/cart/"],
      ["checkout", "/checkout/"],
      ["account", "/account/"],
      ["order", "/order/?id=00000000-0000-4000-8000-000000000000"],
      ["not-found", "/p/no-such-product/"],
      ["content-page", "/pages/about/"],
    ] as const) {
      const { page, errors } = await open(path, PHONE);
      await page.waitForLoadState("networkidle");
      await expectPhoneFit(page, kind);
      await screenshot(page, `site-phone-${kind}`);
      expect(
        errors.filter((e) => !e.includes("404")),
        kind,
      ).toEqual([]);
      await page.context().close();
    }
    // The drawer opens the categories.
    const { page } = await open("/", PHONE);
    await page.click('[data-testid="category-drawer"] summary');
    await page.click('nav[aria-label="همهٔ دسته‌بندی‌ها"] >> text=تی‌شرت');
    await page.waitForURL(/\/c\/t-shirts\/$/);
    await page.context().close();
  });

  it.each([
    ["desktop", DESKTOP],
    ["phone", PHONE],
  ] as const)(
    "on a %s, the product page's gallery swipes and zooms; related products of the category; share links to Telegram and WhatsApp",
    async (name, viewport) => {
      const { page, errors } = await open("/p/tile-tshirt/", viewport);
      await page.waitForLoadState("networkidle");
      const slides = page.locator("[data-gallery] > li");
      expect(await slides.count()).toBe(2);
      // The strip scrolls sideways inside itself (a swipe on a phone), the page does not.
      expect(await page.$eval("[data-gallery]", (strip) => strip.scrollWidth > strip.clientWidth)).toBe(true);
      expect((await page.evaluate("document.documentElement.scrollWidth")) as number).toBeLessThanOrEqual(viewport.width);
      const thumbs = page.locator("[data-thumb]");
      await thumbs.nth(1).click();
      await expect.poll(() => thumbs.nth(1).getAttribute("aria-current")).toBe("true");
      expect(await thumbs.nth(0).getAttribute("aria-current")).toBeNull();
      await expect
        .poll(async () => Math.round((await slides.nth(1).boundingBox())!.x - (await page.locator("[data-gallery]").boundingBox())!.x))
        .toBe(0);

      // Full screen: the largest picture, zoomed where it is tapped, the next one by a swipe or the arrow.
      await page.locator("[data-zoom]").first().click();
      const dialog = page.locator("[data-lightbox]");
      await expect.poll(() => dialog.isVisible()).toBe(true);
      const big = dialog.locator("[data-lightbox-image]");
      await expect.poll(() => big.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth)).toBeGreaterThan(700);
      expect(await dialog.locator("[data-count]").textContent()).toBe("۱ از ۲");
      const box = (await big.boundingBox())!;
      await big.click({ position: { x: box.width * 0.25, y: box.height * 0.25 } });
      expect(await dialog.getAttribute("data-zoomed")).toBe("yes");
      await expect
        .poll(() => big.evaluate((img) => (img as unknown as { getBoundingClientRect(): { width: number } }).getBoundingClientRect().width))
        .toBeGreaterThan(box.width * 2);
      await screenshot(page, `site-product-zoom-${name}`);
      await big.click();
      expect(await dialog.getAttribute("data-zoomed")).toBe("no");
      await page.click('[data-lightbox] button[aria-label="تصویر بعدی"]');
      await expect.poll(() => dialog.locator("[data-count]").textContent()).toBe("۲ از ۲");
      const swipe = async (from: number, to: number) => {
        const y = box.y + box.height / 2;
        await page.mouse.move(from, y);
        await page.mouse.down();
        await page.mouse.move(to, y, { steps: 5 });
        await page.mouse.up();
      };
      await swipe(viewport.width * 0.8, viewport.width * 0.2);
      await expect.poll(() => dialog.locator("[data-count]").textContent()).toBe("۱ از ۲");
      await page.keyboard.press("Escape");
      await expect.poll(() => dialog.isVisible()).toBe(false);

      // Related products: the others of the same category.
      expect(
        await page.$$eval('[data-testid="related"] [data-product]', (cards) => cards.map((card) => card.getAttribute("data-product"))),
      ).toEqual(["plain-tshirt"]);
      const share = page.locator('[data-testid="share"]');
      const pageUrl = (await page.getAttribute('link[rel="canonical"]', "href"))!;
      expect(pageUrl).toMatch(/\/p\/tile-tshirt\/$/);
      expect(await share.locator('a:has-text("تلگرام")').getAttribute("href")).toBe(
        `https://t.me/share/url?url=${encodeURIComponent(pageUrl)}&text=${encodeURIComponent("تی‌شرت طرح کاشی")}`,
      );
      expect(await share.locator('a:has-text("واتس‌اپ")').getAttribute("href")).toBe(
        `https://wa.me/?text=${encodeURIComponent(`تی‌شرت طرح کاشی\n${pageUrl}`)}`,
      );
      // A Persian shop shows the Persian name only, unless the store says otherwise (below).
      expect(await page.locator('[data-testid="latin-name"]').count()).toBe(0);
      await screenshot(page, `site-product-${name}`);
      expect(errors).toEqual([]);
      await page.context().close();
    },
  );

  it("shows the Latin name under the Persian one once the store asks for it", async () => {
    await test.platform.dataSource.transaction((m) => updateStoreSettings(systemContext(m, "test"), store.id, { showLatinName: true }));
    expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");
    for (const viewport of [DESKTOP, PHONE]) {
      const { page } = await open("/p/tile-tshirt/", viewport);
      const latin = page.locator('[data-testid="latin-name"]');
      expect(await latin.textContent()).toBe("Tile T-shirt");
      expect(await latin.getAttribute("lang")).toBe("en");
      expect(await latin.isVisible()).toBe(true);
      await page.context().close();
    }
    await test.platform.dataSource.transaction((m) => updateStoreSettings(systemContext(m, "test"), store.id, { showLatinName: false }));
  });

  // Each theme's home: its own sections in its own order (none empty: nothing is sold yet, so no best sellers) and its own card.
  const THEME_HOMES = {
    bazaar: { sections: ["categories", "discounted", "newest", "popular"], cardRatio: 1 },
    minimal: { sections: ["newest", "categories", "discounted", "popular"], cardRatio: 3 / 4 },
    gallery: { sections: ["categories", "newest", "discounted", "popular"], cardRatio: 4 / 5 },
  } as const;

  it.each(["bazaar", "minimal", "gallery"] as const)(
    "the %s theme: its own home (the store's banner, categories, the promotion, newest, most viewed) and card, on a desktop and a phone",
    async (theme) => {
      await test.platform.dataSource.getRepository(Store).update({ id: store.id }, { theme, layout: "grid" });
      const build = await buildSite(test.platform, store.id, "test");
      expect(build.status).toBe("succeeded");
      for (const [size, viewport] of [
        ["desktop", DESKTOP],
        ["phone", PHONE],
      ] as const) {
        const { page, errors } = await open("/", viewport);
        await page.waitForLoadState("networkidle");
        expect(await page.getAttribute("body", "data-theme")).toBe(theme);
        // The banner from the store's settings, its picture loaded, leading where it says.
        const banner = page.locator('[data-testid="hero"] [data-banner]');
        expect(await banner.count()).toBe(1);
        expect(await banner.textContent()).toContain("تابستانهٔ نخی");
        expect(await banner.locator("a").getAttribute("href")).toBe("/c/t-shirts/");
        await expect
          .poll(() => banner.locator("img").evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth), {
            timeout: 10_000,
          })
          .toBeGreaterThan(0);
        expect(await page.$$eval("main [data-section]", (nodes) => nodes.map((n) => n.getAttribute("data-section")))).toEqual(
          THEME_HOMES[theme].sections,
        );
        // The automatic promotion's product, with its badge.
        const discounted = page.locator('[data-section="discounted"] [data-product]');
        expect(
          await page.$$eval('[data-section="discounted"] [data-product]', (cards) =>
            cards.map((card) => card.getAttribute("data-product")),
          ),
        ).toEqual(["plain-tshirt"]);
        expect(await discounted.locator('[data-testid="promotion-badge"]').textContent()).toBe("۱۰٪ تخفیف");
        expect(await page.textContent('[data-section="categories"]')).toContain("تی‌شرت");
        expect(await page.textContent('[data-section="newest"]')).toMatch(PERSIAN_PRICE);
        const picture = (await page.locator('[data-section="newest"] [data-product] a[aria-hidden="true"] > *').first().boundingBox())!;
        expect(picture.width / picture.height).toBeCloseTo(THEME_HOMES[theme].cardRatio, 1);
        if (viewport === PHONE) await expectPhoneFit(page, `${theme} home`);
        else
          expect((await page.evaluate("document.documentElement.scrollWidth")) as number, "scrolls sideways").toBeLessThanOrEqual(
            viewport.width,
          );
        const ids = await page.$$eval("[id]", (nodes) => nodes.map((n) => n.id));
        expect(new Set(ids).size).toBe(ids.length);
        await screenshot(page, `site-${theme}-home-${size}`);
        expect(errors).toEqual([]);
        await page.context().close();
      }
      for (const [name, path] of [
        ["category", "/c/t-shirts/"],
        ["product", "/p/tile-tshirt/"],
      ] as const) {
        const phone = await open(path, PHONE);
        await phone.page.waitForLoadState("networkidle");
        await expectPhoneFit(phone.page, `${theme} ${name}`);
        await screenshot(phone.page, `site-${theme}-${name}-phone`);
        expect(phone.errors).toEqual([]);
        await phone.page.context().close();
        const { page, errors } = await open(path);
        await page.waitForLoadState("networkidle");
        expect(await page.getAttribute("body", "data-theme")).toBe(theme);
        expect(await page.textContent("main")).toMatch(PERSIAN_PRICE);
        expect(await page.evaluate("getComputedStyle(document.body).fontFamily")).toContain("Vazirmatn");
        const ids = await page.$$eval("[id]", (nodes) => nodes.map((n) => n.id));
        expect(new Set(ids).size).toBe(ids.length);
        await screenshot(page, `site-${theme}-${name}`);
        expect(errors).toEqual([]);
        await page.context().close();
      }
    },
  );
});
