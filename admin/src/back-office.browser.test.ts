import {
  backOfficeUrl,
  consoleInbox,
  openBackOffice,
  pickOption,
  screenshotWhole,
  signInThroughForm,
} from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot } from "@mall/e2e/support/browser.js";
import { Category } from "@mall/server/catalog/category.entity.js";
import { Order } from "@mall/server/orders/order.entity.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { markOrderPaid } from "@mall/server/orders/order.service.js";
import { systemContext } from "@mall/server/core/context.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { Product } from "@mall/server/catalog/product.entity.js";
import { Media } from "@mall/server/media/media.entity.js";
import { SiteBuild } from "@mall/server/sites/site-build.entity.js";
import { buildStore } from "@mall/server/test/factories.js";
import { photo as makePhoto } from "@mall/server/test/media-fixtures.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { useAdminServer } from "./test/admin-server.js";
import { toPersianDigits } from "@mall/locale";

/**
 * A merchant's first afternoon in the back office, in Debian's Chromium:
 * sign in with an SMS code, make a category with color and size, a product,
 * its 3 × 2 models, an image; then a shopper's order, which the merchant
 * opens and marks shipped with a tracking code. The dashboard, the product's
 * and the order's pages are kept as screenshots (.reports/screenshots/admin-*.png).
 */
const test = useAdminServer({ queues: ["sms", "media"] });
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let store: Store;
let ownerPhone: string;
let productId: string;

let photo: Buffer;

beforeAll(async () => {
  store = await buildStore(test.platform.dataSource, { name: "پوشاک آفتاب" });
  photo = await makePhoto(1200, 900);
  const [owner] = await test.platform.dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
  ownerPhone = owner.phone;
  browser = await launchBrowser();
  ({ page, consoleErrors } = await openBackOffice(browser));
}, 60_000);

// What the page showed when a step failed, beside the other screenshots.
afterEach(async ({ task }) => {
  if (task.result?.state === "fail" && page)
    await screenshot(page, `admin-failed-${task.name.slice(0, 40).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
});

afterAll(async () => {
  await browser?.close();
});

const url = (path: string) => backOfficeUrl(test.server.url, path);

const pick = (path: string, text: string) => pickOption(page, path, text);

/** Saves an AdminJS form and waits for its success notice. */
async function save(): Promise<void> {
  await page.locator("form button[type=submit]").first().click();
  await page.locator('[data-css="notice-wrapper"], [data-testid="notice-wrapper"]').first().waitFor({ timeout: 15_000 });
}

async function expectSaved(message: RegExp): Promise<void> {
  await expect.poll(async () => page.locator("body").innerText(), { timeout: 15_000 }).toMatch(message);
}

/** AdminJS scrolls inside its content pane, not the page: grow the window to the content for the picture. */
const fullScreenshot = (name: string) => screenshotWhole(page, name);

describe("a merchant in the back office", () => {
  it("signs in with an SMS code and lands on the Persian dashboard", async () => {
    await signInThroughForm(page, test.server.url, {
      phone: ownerPhone,
      typed: toPersianDigits(`0${ownerPhone.slice(3)}`),
      inbox: consoleInbox(test.platform),
      async onCodeAsked() {
        expect(await page.locator("body").innerText()).toContain("پیامک شد");
        await screenshot(page, "admin-login");
      },
    });
    await page.waitForSelector(".mall-dashboard");
    const text = await page.locator(".mall-dashboard").innerText();
    // No order yet: the order figures read zero.
    expect(text).toContain("سفارش‌های امروز");
    expect(text).toContain("۰ تومان");
    expect(text).toContain("پوشاک آفتاب");
    expect(await page.evaluate("getComputedStyle(document.body).direction")).toBe("rtl");
    expect(await page.evaluate("getComputedStyle(document.body).fontFamily")).toMatch(/Vazirmatn/);
    // The font itself arrived (from /admin/assets/fonts, not a CDN) and is in use.
    expect(
      await page.evaluate(
        `document.fonts.ready.then(() => [...document.fonts].some((font) => font.family.includes("Vazirmatn") && font.status === "loaded"))`,
      ),
    ).toBe(true);
  }, 60_000);

  it("creates a category with color and size categorizers", async () => {
    await page.goto(url("/resources/categories/actions/new"));
    await page.fill('input[name="nameFa"]', "تی‌شرت");
    await page.fill('input[name="name"]', "T-shirts");
    await save();
    await expectSaved(/ذخیره شد/);

    const attributes: Array<{ nameFa: string; name: string; type: string; values: Array<[string, string, string?]> }> = [
      {
        nameFa: "رنگ",
        name: "color",
        type: "رنگ",
        values: [
          ["red", "قرمز", "#d32f2f"],
          ["blue", "آبی", "#1565c0"],
          ["green", "سبز", "#2e7d32"],
        ],
      },
      {
        nameFa: "اندازه",
        name: "size",
        type: "اندازه",
        values: [
          ["m", "M"],
          ["l", "L"],
        ],
      },
    ];
    for (const attribute of attributes) {
      await page.goto(url("/resources/attributes/actions/new"));
      await pick("categoryId", "تی‌شرت");
      await page.fill('input[name="nameFa"]', attribute.nameFa);
      await page.fill('input[name="name"]', attribute.name);
      await pick("type", attribute.type);
      await page.locator('[data-testid="property-edit-isCategorizer"] label, label[for="isCategorizer"]').first().click();
      for (const [index, [value, valueFa, hex]] of attribute.values.entries()) {
        await page.click('[data-testid="values-add"]');
        await page.fill(`input[name="values.${index}.value"]`, value);
        await page.fill(`input[name="values.${index}.valueFa"]`, valueFa);
        if (hex) await page.fill(`input[name="values.${index}.hex"]`, hex);
      }
      if (attribute.name === "color") await fullScreenshot("admin-attribute-new");
      await save();
      await expectSaved(/ذخیره شد/);
    }
    const category = await test.platform.dataSource.getRepository(Category).findOneByOrFail({ storeId: store.id, nameFa: "تی‌شرت" });
    await page.goto(url(`/resources/categories/records/${category.id}/show`));
    await expect.poll(async () => page.locator("body").innerText()).toContain("سازندهٔ مدل");
    await fullScreenshot("admin-category");

    // A category below it: the list reads as a tree, the child indented, its path as a breadcrumb.
    await page.goto(url("/resources/categories/actions/new"));
    await pick("parentId", "تی‌شرت");
    await page.fill('input[name="nameFa"]', "تی‌شرت آستین‌کوتاه");
    await page.fill('input[name="name"]', "Short sleeves");
    await save();
    await expectSaved(/ذخیره شد/);
    await page.goto(url("/resources/categories"));
    const child = page.locator(".mall-tree", { hasText: "آستین‌کوتاه" });
    await child.waitFor();
    expect(await child.getAttribute("title")).toBe("تی‌شرت › تی‌شرت آستین‌کوتاه");
    expect(await child.getAttribute("style")).toContain("padding-inline-start: 1.5em");
    await fullScreenshot("admin-categories");
  }, 90_000);

  it("creates a product and generates its 3 × 2 models", async () => {
    await page.goto(url("/resources/products/actions/new"));
    await pick("categoryId", "تی‌شرت");
    await page.fill('input[name="nameFa"]', "تی‌شرت نخی");
    await page.fill('input[name="name"]', "Cotton T-shirt");
    await page.fill('input[name="basePrice"]', "۴۵۰٬۰۰۰");
    await page.locator(".ProseMirror").first().click();
    await page.keyboard.type("پارچهٔ نخی، دوخت ایرانی.");
    await fullScreenshot("admin-product-new");
    await save();
    await expectSaved(/ذخیره شد/);
    const product = await test.platform.dataSource.getRepository(Product).findOneByOrFail({ storeId: store.id, nameFa: "تی‌شرت نخی" });
    productId = product.id;
    expect(product.basePrice).toBe(4_500_000);

    await page.goto(url(`/resources/products/records/${product.id}/generateInstances`));
    for (const label of ["قرمز", "آبی", "سبز", "M", "L"]) await page.locator(".mall-option", { hasText: label }).first().click();
    await page.fill('input[name="stock"]', "۱۰");
    await expect.poll(async () => page.locator(".mall-summary").innerText()).toContain("۶ مدل");
    await fullScreenshot("admin-generate-instances");
    await page.locator(".mall-generate button[type=submit]").click();
    await expectSaved(/۶ مدل تازه ساخته شد/);
    const active = await test.platform.dataSource
      .getRepository(ProductInstance)
      .findBy({ storeId: store.id, productId: product.id, isActive: true });
    expect(active).toHaveLength(6);
    expect(active.every((instance) => instance.stock === 10)).toBe(true);
  }, 90_000);

  it("uploads an image through the media service and sees it and the models on the product's page", async () => {
    await page.goto(url(`/resources/products/records/${productId}/images`));
    await page.setInputFiles("input[name=file]", { name: "tshirt.jpg", mimeType: "image/jpeg", buffer: photo });
    await expect
      .poll(async () => (await test.platform.dataSource.getRepository(Media).findBy({ productId })).map((media) => media.status), {
        timeout: 30_000,
      })
      .toEqual(["ready"]);
    await page.locator(".mall-tile img").first().waitFor({ timeout: 15_000 });
    await fullScreenshot("admin-product-images");

    await page.goto(url(`/resources/products/records/${productId}/show`));
    await page.locator(".mall-instances").waitFor();
    await page.locator(".mall-gallery img").first().waitFor();
    const text = await page.locator("body").innerText();
    expect(text).toContain("۶ مدل فعال");
    expect(text).toContain("۴۵۰٬۰۰۰ تومان");
    expect(text).toMatch(/قرمز \/ M/);
    expect(text).toMatch(/[۰-۹]+ (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) ۱۴[۰-۹]{2}/);
    await fullScreenshot("admin-product");
  }, 90_000);

  it("changes the store's settings; the custom domain is shown, not editable", async () => {
    await page.goto(url(`/resources/stores/records/${store.id}/edit`));
    await page.fill('textarea[name="description"]', "پوشاک نخی ایرانی، ارسال به سراسر کشور");
    await pick("layout", "فهرستی");
    expect(await page.locator('[data-testid="property-edit-customDomain"] input').isDisabled()).toBe(true);
    // The theme is chosen by its picture: every theme's preview loaded, the image-led one among them.
    expect(await page.$$eval("[data-theme-option]", (labels) => labels.map((label) => label.getAttribute("data-theme-option")))).toEqual([
      "bazaar",
      "minimal",
      "gallery",
    ]);
    for (const img of await page.locator("[data-theme-option] img").all()) {
      await img.scrollIntoViewIfNeeded();
      await expect
        .poll(() => img.evaluate((image) => (image as unknown as { complete: boolean; naturalWidth: number }).naturalWidth))
        .toBe(480);
    }
    expect(await page.textContent('[data-theme-option="gallery"]')).toContain("ویترین");
    await page.click('[data-theme-option="gallery"]');
    expect(await page.isChecked('[data-theme-option="gallery"] input[type="radio"]')).toBe(true);
    await page.locator("[data-theme-option]").first().scrollIntoViewIfNeeded();
    await fullScreenshot("admin-store-settings");
    await save();
    await expectSaved(/تغییرات ذخیره شد/);
    const saved = await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id });
    expect({ description: saved.description, layout: saved.layout, theme: saved.theme }).toEqual({
      description: "پوشاک نخی ایرانی، ارسال به سراسر کشور",
      layout: "list",
      theme: "gallery",
    });
  }, 60_000);

  it("counts stock for two models at once, and the dashboard lists them as running out", async () => {
    await page.goto(url(`/resources/instances?filters.productId=${productId}&filters.isActive=true&sortBy=sku&direction=asc`));
    const rows = page.locator("tbody tr");
    await expect.poll(() => rows.count(), { timeout: 30_000 }).toBe(6);
    await page.waitForLoadState("networkidle");
    await fullScreenshot("admin-instances");
    // AdminJS's checkbox is a styled span over a hidden input: click the input itself.
    for (const index of [0, 1]) {
      const box = rows.nth(index).locator("input[type=checkbox]").first();
      await expect
        .poll(async () => {
          if (!(await box.isChecked())) await box.click({ force: true });
          return box.isChecked();
        })
        .toBe(true);
    }
    await page.locator('[data-testid="action-bulkStock"], a[href*="/bulk/bulkStock"]').first().click();
    await page.fill("input[name=amount]", "۳");
    await page.locator("form button[type=submit]").click();
    await expectSaved(/موجودی ۲ مدل به‌روز شد/);
    const low = await test.platform.dataSource.getRepository(ProductInstance).findBy({ storeId: store.id, productId, stock: 3 });
    expect(low).toHaveLength(2);

    // Another store's record (or a made-up id) by URL: the page says it is not there.
    await page.goto(url("/resources/products/records/00000000-0000-4000-8000-000000000000/show"));
    await expect.poll(async () => page.locator("body").innerText()).toContain("پیدا نشد");

    await test.platform.dataSource.getRepository(SiteBuild).save({
      storeId: store.id,
      status: "succeeded",
      trigger: "product.changed",
      pageCount: 12,
      durationMs: 4100,
      finishedAt: new Date(),
    });
    await page.goto(url(""));
    await page.waitForSelector(".mall-dashboard");
    const text = await page.locator(".mall-dashboard").innerText();
    expect(text).toContain("تی‌شرت نخی");
    expect(text).toContain("ساخته و منتشر شد");
    expect(text).toContain("۱۲");
    await fullScreenshot("admin-dashboard");
    expect(consoleErrors).toEqual([]);
  }, 60_000);

  it("opens an order and marks it shipped with a tracking code; the dashboard counts it", async () => {
    const { dataSource } = test.platform;
    const [instance] = await dataSource
      .getRepository(ProductInstance)
      .find({ where: { storeId: store.id, productId, isActive: true }, order: { sku: "ASC" } });
    const method = await buildShippingMethod(dataSource, store.id, { kind: "post_pishtaz", price: 450_000 });
    const shopper = await buildUser(dataSource);
    const { order } = await placeAs(dataSource, store.id, shopper, {
      items: [{ instanceId: instance!.id, quantity: 2 }],
      address: tehranAddress(),
      shippingMethodId: method.id,
      note: "لطفاً کادوپیچ شود.",
    });
    await dataSource.transaction((manager) =>
      markOrderPaid(systemContext(manager, "payments"), store.id, order.id, { reference: "987654" }),
    );

    // The list: Persian states, Tomans, Jalali dates.
    await page.goto(url("/resources/orders"));
    const row = page.locator("tbody tr", { hasText: "۱۰۰۱" });
    await row.waitFor();
    const listed = await row.innerText();
    expect(listed).toContain("پرداخت‌شده");
    expect(listed).toContain("۹۴۵٬۰۰۰ تومان");
    expect(listed).toMatch(/[۰-۹]+ (فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند) ۱۴[۰-۹]{2}/);
    await fullScreenshot("admin-orders");
    // The date filter takes Jalali days.
    await page.locator('[data-css$="-filter-button"], a:has-text("فیلتر")').first().click();
    await page.locator('input[name="createdAt~~from"]').waitFor();

    // Start preparing it, then ship it with the post's tracking code (typed in Persian digits).
    await page.goto(url(`/resources/orders/records/${order.id}/show`));
    await page.locator(".mall-order").waitFor();
    await page.locator('[data-testid="action-startProcessing"], a[href$="/startProcessing"]').first().click();
    await page.locator(".mall-transition button[type=submit]").click();
    await expectSaved(/در حال آماده‌سازی/);
    await page.locator(".mall-order").waitFor();
    await page.locator('[data-testid="action-ship"], a[href$="/ship"]').first().click();
    await page.fill("input[name=trackingCode]", "۱۲۳۴۵۶۷۸۹۰۱۲۳۴۵۶۷۸۹۰۱۲");
    await fullScreenshot("admin-order-ship");
    await page.locator(".mall-transition button[type=submit]").click();
    await expectSaved(/وضعیت سفارش «ارسال‌شده» شد/);
    await page.locator(".mall-tracking").waitFor();
    const shown = await page.locator("body").innerText();
    expect(shown).toContain("مریم احمدی");
    expect(shown).toContain("پست پیشتاز");
    expect(shown).toContain("کد پستی");
    expect(shown).toContain("1234567890123456789012");
    expect(shown).toContain("درگاه پرداخت");
    expect(shown).toContain("لطفاً کادوپیچ شود.");
    await fullScreenshot("admin-order");
    const saved = await dataSource.getRepository(Order).findOneByOrFail({ id: order.id });
    expect({ state: saved.state, trackingCode: saved.trackingCode }).toEqual({ state: "shipped", trackingCode: "1234567890123456789012" });

    await page.goto(url(""));
    await page.waitForSelector(".mall-dashboard");
    const dashboard = await page.locator(".mall-dashboard").innerText();
    expect(dashboard).toContain("۹۴۵٬۰۰۰ تومان");
    expect(consoleErrors).toEqual([]);
  }, 90_000);
});
