import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { useSession } from "@mall/e2e/support/back-office.js";
import { launchBrowser, SCREENSHOT_DIR } from "@mall/e2e/support/browser.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { ShippingMethod } from "@mall/server/orders/shipping-method.entity.js";
import { systemContext } from "@mall/server/core/context.js";
import { createDiscount } from "@mall/server/discounts/discount.service.js";
import { StoreCustomer } from "@mall/server/identity/store-customer.entity.js";
import { ProductReview } from "@mall/server/reviews/review.entity.js";
import { createCustomPage } from "@mall/server/tenancy/store-pages.service.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import { buildAttribute, buildCategory, buildProduct, buildStore } from "@mall/server/test/factories.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { enableGateway } from "@mall/server/test/payment-fixtures.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import AdminJS from "adminjs";
import axe from "axe-core";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AccessCache } from "./access.js";
import { adminOptions } from "./index.js";
import { signInToAdmin, useAdminServer, type AdminSession } from "./test/admin-server.js";

/**
 * The back office in Persian only (issue 22 #9), in Debian's Chromium: a
 * merchant of a store that owns one of everything opens every page the
 * AdminJS instance registers for them (each resource's list with its filter
 * drawer open, new, and every record and bulk action with a page of its own,
 * on one of the store's records; the dashboard and any custom page), and
 * each page must show no Latin word outside the allow-list below (brand and
 * gateway names, SKU, CSV, what the merchant typed in Latin) and no serious
 * or critical axe-core finding. A page that fails is kept as .reports/screenshots/persian/*.png.
 */
const test = useAdminServer();

/** Latin a merchant may read in a Persian back office: names of brands, gateways and file formats. */
const ALLOWED = new Set([
  "SKU",
  "CSV",
  "Excel",
  "Telegram",
  "Instagram",
  "Torob",
  "eNamad",
  "Mall",
  "Tipax",
  "Zarinpal",
  "ZarinPal",
  "IDPay",
  "Zibal",
  "NextPay",
  "PayPing",
  "Sizpay",
  "Vandar",
  "Sandbox",
  "JPEG",
  "JPG",
  "PNG",
  "WebP",
  "AVIF",
  "SVG",
  "WebM",
  "HTML",
  "RGB",
  // What a merchant types into their domain's DNS panel, named as the panel names it.
  "DNS",
  "CNAME",
  "TXT",
  "SSL",
  "http",
  "https",
  "www",
  // Clothes sizes, as merchants and shoppers write them.
  "XS",
  "S",
  "M",
  "L",
  "XL",
  "XXL",
]);

/** What the fixture merchant typed in Latin (English names, codes, slugs): their data, not the interface's. */
const TYPED = ["Clothes", "Shirts", "Men's shirt", "color", "red", "SHIRT", "our-story", "NOWRUZ"];

const SHOTS = resolve(SCREENSHOT_DIR, "persian");
/** axe-core as the script it injects into a page. */
const axeSource = axe.source;

let store: Store;
let merchant: AdminSession;
let browser: Browser;
let page: Page;

/** A store that owns one of everything the back office shows. */
async function buildShop(): Promise<Store> {
  const { dataSource } = test.platform;
  const shop = await buildStore(dataSource, { name: "پوشاک آفتاب" });
  const root = await buildCategory(dataSource, shop.id, { nameFa: "پوشاک", name: "Clothes" });
  const child = await buildCategory(dataSource, shop.id, { nameFa: "پیراهن", name: "Shirts", parentId: root.id });
  const { attribute, values } = await buildAttribute(dataSource, shop.id, root.id, {
    name: "color",
    nameFa: "رنگ",
    type: "color",
    isCategorizer: true,
    values: [{ value: "red", valueFa: "قرمز", hex: "#ff0000" }],
  });
  const product = await buildProduct(dataSource, shop.id, {
    categoryId: child.id,
    nameFa: "پیراهن مردانه",
    name: "Men's shirt",
    attributes: [{ attributeId: attribute.id, valueIds: values.map((v) => v.id) }],
    stock: 5,
  });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ storeId: shop.id, productId: product.id });
  const customer = await buildUser(dataSource);
  await dataSource.getRepository(StoreCustomer).insert({ storeId: shop.id, userId: customer.id });
  const shipping = await buildShippingMethod(dataSource, shop.id, { name: "پست پیشتاز", price: 300_000 });
  await placeAs(dataSource, shop.id, customer, {
    items: [{ instanceId: instance.id, quantity: 1 }],
    address: tehranAddress(),
    shippingMethodId: shipping.id,
  });
  await enableGateway(dataSource, test.platform.config, shop.id, "zarinpal", { merchantId: "1344b5d4-0048-11e8-94db-005056a205be" });
  await dataSource.transaction((m) =>
    createDiscount(systemContext(m, "test"), shop.id, { title: "تخفیف نوروزی", kind: "percentage", value: 10, code: "NOWRUZ" }),
  );
  await dataSource.transaction((m) =>
    createCustomPage(systemContext(m, "test"), shop.id, { slug: "our-story", title: "داستان ما", bodyHtml: "<p>از ۱۴۰۰</p>" }),
  );
  await dataSource.getRepository(ProductReview).save({
    storeId: shop.id,
    productId: product.id,
    userId: customer.id,
    orderId: null,
    rating: 4,
    body: "خوش‌دوخت است",
    status: "pending" as const,
    reply: null,
    repliedAt: null,
  });
  const member = await buildUser(dataSource);
  await dataSource.query(`INSERT INTO store_members (store_id, user_id, role) VALUES ($1, $2, 'catalog_staff')`, [shop.id, member.id]);
  return shop;
}

beforeAll(async () => {
  store = await buildShop();
  const [owner] = (await test.platform.dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId])) as Array<{
    phone: string;
  }>;
  merchant = await signInToAdmin(test.server, test.platform, owner!.phone);
  // Changes through the back office and the API, so the audit log has entries of both surfaces.
  const products = await merchant.list("products");
  const productId = String(products.body.records[0].id);
  expect((await merchant.edit("products", productId, { nameFa: "پیراهن مردانهٔ نخی" })).body.notice?.type).toBe("success");
  browser = await launchBrowser();
  // axe-core is injected as a script: the back office's CSP (nonces) would refuse it, and it is the test's, not the page's.
  const context = await browser.newContext({
    locale: "fa-IR",
    timezoneId: "Asia/Tehran",
    viewport: { width: 1366, height: 900 },
    bypassCSP: true,
  });
  await useSession(context, test.server.url, merchant.cookie);
  // Every page of the context gets axe-core before its own scripts.
  await context.addInitScript(axeSource);
  page = await context.newPage();
  page.setDefaultTimeout(45_000);
  mkdirSync(SHOTS, { recursive: true });
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

interface RegisteredAction {
  resource: string;
  action: string;
  type: "resource" | "record" | "bulk";
  /** false: the action runs at once (a button), it has no page of its own. */
  hasPage: boolean;
}

/** Every resource's actions and every custom page, as the AdminJS instance the server mounts registers them. */
function registered(): { actions: RegisteredAction[]; pages: string[] } {
  const admin = new AdminJS(adminOptions({ platform: test.platform, access: new AccessCache(() => test.platform.dataSource.manager) }));
  const actions = admin.resources.flatMap((resource) => {
    const decorated = resource.decorate();
    // The decorator keeps the action's options in a field its types call private.
    return Object.values(decorated.actions).map((decorator) => {
      const action = (decorator as unknown as { action: { name: string; actionType: RegisteredAction["type"]; component?: unknown } })
        .action;
      return { resource: decorated.id(), action: action.name, type: action.actionType, hasPage: action.component !== false };
    });
  });
  return { actions, pages: Object.keys(admin.options.pages ?? {}) };
}

/** The URLs of every page the signed-in merchant may open: what the instance registers, as AdminJS offers it to them. */
async function merchantPages(): Promise<string[]> {
  const { actions, pages } = registered();
  // The first page waits for the components bundle, which a fresh checkout builds first (minutes on a loaded machine).
  await page.goto(`${test.server.url}/admin`, { timeout: 240_000 });
  // What AdminJS gives this person's browser: each resource's resource actions, filtered for them.
  const state = (await page.evaluate("window.REDUX_STATE")) as {
    resources: Array<{ id: string; resourceActions: Array<{ name: string }> }>;
  };
  const urls = ["/admin", ...pages.map((name) => `/admin/pages/${name}`)];
  for (const resource of [...new Set(actions.map((action) => action.resource))]) {
    const offered = state.resources.find((entry) => entry.id === resource)?.resourceActions.map((action) => action.name) ?? [];
    for (const { action } of actions.filter(
      (entry) => entry.resource === resource && entry.type === "resource" && entry.hasPage && offered.includes(entry.action),
    )) {
      urls.push(action === "list" ? `/admin/resources/${resource}` : `/admin/resources/${resource}/actions/${action}`);
    }
    if (!offered.includes("list")) continue;
    // One of the store's records, with the record and bulk actions AdminJS offers this person on it.
    const list = await merchant.list(resource, { perPage: "1" });
    const record = list.body.records?.[0] as
      { id: string; recordActions: Array<{ name: string }>; bulkActions: Array<{ name: string }> } | undefined;
    expect(record, `the fixture store has a row in ${resource}`).toBeDefined();
    const recordActions = record!.recordActions.map((action) => action.name);
    const bulkActions = record!.bulkActions.map((action) => action.name);
    for (const { action, type } of actions.filter((entry) => entry.resource === resource && entry.hasPage)) {
      if (type === "record" && recordActions.includes(action))
        urls.push(`/admin/resources/${resource}/records/${encodeURIComponent(record!.id)}/${action}`);
      if (type === "bulk" && bulkActions.includes(action))
        urls.push(`/admin/resources/${resource}/bulk/${action}?recordIds=${encodeURIComponent(record!.id)}`);
    }
  }
  return urls;
}

/** Everything the person reads on the page: its text (but codes: slugs, SKUs), and the placeholders, titles, labels and alt texts of what is shown. */
const READABLE = `(() => {
  let body = document.body.innerText;
  for (const code of document.querySelectorAll("code")) body = body.split(code.innerText).join(" ");
  const parts = [document.title, body];
  for (const element of document.querySelectorAll("[placeholder], [title], [aria-label], img[alt]")) {
    if (!element.checkVisibility()) continue;
    for (const attribute of ["placeholder", "title", "aria-label", "alt"]) {
      const value = element.getAttribute(attribute);
      if (value) parts.push(value);
    }
  }
  return parts.join("\\n");
})()`;

const TYPED_WORDS = new Set(TYPED.flatMap((text) => text.split(/[^A-Za-z']+/)).filter(Boolean));

/**
 * The Latin words of a text that a merchant should not meet: not in a URL or
 * an email, not a code (a token with a digit, hyphen or underscore: a SKU, a
 * generated slug, a colour's hex, a file format like MP4), not an allowed
 * name and not their own data.
 */
function latinWords(text: string): string[] {
  const stripped = text
    .replace(/https?:\/\/\S+/g, " ")
    .replace(/[\w.+-]+@[\w-]+(\.[\w-]+)+/g, " ")
    .replace(/\b[\w-]+(\.[\w-]+)*\.(ir|com|net|org|localhost)\b\S*/gi, " ");
  const tokens = stripped.match(/#?[A-Za-z0-9_'-]*[A-Za-z][A-Za-z0-9_'-]*/g) ?? [];
  const words = tokens.filter((token) => !/[0-9_#-]/.test(token));
  return [...new Set(words.filter((word) => !ALLOWED.has(word) && !TYPED_WORDS.has(word)))];
}

/** Waits until AdminJS has fetched and drawn the page's data. */
async function settle(): Promise<void> {
  await page.waitForLoadState("networkidle");
  await page.locator("section, main, .mall-dashboard").first().waitFor();
  await page.waitForFunction(`!document.querySelector('[data-css="loader"], .loader')`, undefined, { timeout: 30_000 }).catch(() => {});
}

describe("the back office in Persian only", () => {
  it(
    "shows no Latin word outside the allow-list and no serious axe finding on any page a merchant can open",
    { timeout: 900_000 },
    async () => {
      const urls = await merchantPages();
      expect(urls.length).toBeGreaterThan(30);
      const findings: string[] = [];
      for (const [index, path] of urls.entries()) {
        await page.goto(`${test.server.url}${path}`);
        await settle();
        expect(page.url(), `${path} stays in the back office (not the sign-in page)`).not.toMatch(/\/login/);
        const filter = page.locator('[data-css$="-filter-button"]');
        if (/\/resources\/[^/]+$/.test(path) && (await filter.count()) > 0) {
          await filter.first().click();
          await page.locator('[data-css$="-filter-drawer"]').first().waitFor();
        }
        const latin = latinWords(String(await page.evaluate(READABLE)));
        if (latin.length) findings.push(`${path}: Latin ${latin.map((word) => `«${word}»`).join(" ")}`);
        const violations = (await page.evaluate(
          `axe.run(document, { resultTypes: ["violations"], runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } }).then((result) => result.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id + " (" + v.impact + "): " + v.nodes.slice(0, 3).map((n) => n.html.slice(0, 140) + (n.any[0]?.data?.contrastRatio ? " " + n.any[0].data.fgColor + " on " + n.any[0].data.bgColor + " " + n.any[0].data.contrastRatio : "")).join(" | ")))`,
        )) as string[];
        for (const violation of violations) findings.push(`${path}: axe ${violation}`);
        // The pages that failed, as the merchant saw them.
        if (findings.some((finding) => finding.startsWith(`${path}: `)))
          await page.screenshot({
            path: resolve(
              SHOTS,
              `${String(index).padStart(2, "0")}-${
                path
                  .replace(/^\/admin\/?/, "")
                  .replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "id")
                  .replace(/[^a-z0-9]+/gi, "-")
                  .slice(0, 60) || "dashboard"
              }.png`,
            ),
          });
      }
      expect(findings).toEqual([]);
    },
  );

  it(
    "takes a shipping method's provinces and prices through pickers, with the store chosen and «فعال» as saved",
    { timeout: 180_000 },
    async () => {
      const { dataSource } = test.platform;
      await page.goto(`${test.server.url}/admin/resources/shippingMethods/actions/new`);
      // One store: it is chosen already, shown by name.
      await expect.poll(() => page.locator('[data-testid="store-choice"]').innerText(), { timeout: 30_000 }).toBe("پوشاک آفتاب");
      const kind = page.locator('[data-testid="property-edit-kind"]');
      await kind.locator("input").first().fill("تیپاکس");
      await kind.locator('[class*="option"]', { hasText: "تیپاکس" }).first().click();
      await page.fill('input[name="name"]', "تیپاکس سراسری");
      await page.fill('input[name="price"]', "۹۰٬۰۰۰");
      const provinces = page.locator('[data-testid="province-picker"]');
      for (const name of ["تهران", "البرز", "قم"]) await provinces.locator("label", { hasText: new RegExp(`^${name}$`) }).click();
      await expect
        .poll(() => page.locator('[data-testid="property-edit-provinceIds"]').innerText(), { timeout: 30_000 })
        .toContain("۳ استان انتخاب شده");
      await page.click('[data-testid="province-prices-add"]');
      await page.selectOption('select[name="provincePrices.0.province"]', { label: "تهران" });
      await page.fill('input[name="provincePrices.0.tomans"]', "۴۵۰۰۰");
      await page.click('[data-testid="province-prices-add"]');
      await page.selectOption('select[name="provincePrices.1.province"]', { label: "البرز" });
      await page.fill('input[name="provincePrices.1.tomans"]', "50000");
      // A new method starts active, and the box says so.
      expect(await page.locator('input#isActive[type="checkbox"]').isChecked()).toBe(true);
      await page.locator("form button[type=submit]").first().click();
      await expect
        .poll(() => dataSource.getRepository(ShippingMethod).countBy({ storeId: store.id, name: "تیپاکس سراسری" }), { timeout: 30_000 })
        .toBe(1);
      const saved = await dataSource.getRepository(ShippingMethod).findOneByOrFail({ storeId: store.id, name: "تیپاکس سراسری" });
      expect(saved).toMatchObject({ kind: "tipax", price: 900_000, isActive: true, provincePrices: { "8": 450_000, "5": 500_000 } });
      expect([...(saved.provinceIds ?? [])].sort((x, y) => x - y)).toEqual([5, 8, 19]);

      // Edited: the pickers show what was saved; «فعال» unticked saves inactive and shows unticked.
      await page.goto(`${test.server.url}/admin/resources/shippingMethods/records/${saved.id}/edit`);
      await expect.poll(() => page.locator('select[name="provincePrices.1.province"]').inputValue(), { timeout: 30_000 }).toBe("8");
      expect(await page.locator('select[name="provincePrices.0.province"]').inputValue()).toBe("5");
      expect(await provinces.locator("label", { hasText: /^قم$/ }).locator("input").isChecked()).toBe(true);
      expect(await page.locator('input#isActive[type="checkbox"]').isChecked()).toBe(true);
      await page.locator('label[for="isActive"]').click();
      expect(await page.locator('input#isActive[type="checkbox"]').isChecked()).toBe(false);
      await page.screenshot({ path: resolve(SHOTS, "shipping-method-edit.png"), fullPage: true });
      await page.locator("form button[type=submit]").first().click();
      await expect
        .poll(async () => (await dataSource.getRepository(ShippingMethod).findOneByOrFail({ id: saved.id })).isActive, { timeout: 30_000 })
        .toBe(false);
      await page.goto(`${test.server.url}/admin/resources/shippingMethods/records/${saved.id}/edit`);
      await page.locator('select[name="provincePrices.0.province"]').waitFor();
      expect(await page.locator('input#isActive[type="checkbox"]').isChecked()).toBe(false);
    },
  );
});
