import { buildSite } from "@mall/server/sites/site-build.service.js";
import { telegramCaption } from "@mall/server/social/caption.js";
import { parseHtml } from "@mall/server/test/fakes/telegram-server.js";
import { buildProduct, buildShirtCategory, buildStore } from "@mall/server/test/factories.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer } from "@mall/admin/test/admin-server.js";
import { useSession } from "./support/back-office.js";
import { launchBrowser, screenshot, watchConsole } from "./support/browser.js";

/**
 * A merchant (or someone who took over their account) names a product with
 * markup and script: the built site, the back office and the Telegram
 * caption all show it as text. In Chromium no dialog opens and the name
 * reads literally; in the page's HTML the markup is escaped.
 */
const NAME = `<script>alert("name")</script><img src=x onerror=alert(2)> «تی‌شرت» & </b>`;
const DESCRIPTION = `<p>نخی <b>و</b> خنک</p><script>alert("description")</script><img src=x onerror=alert(3)><a href="javascript:alert(4)">پیوند</a>`;

const test = useAdminServer();
let browser: Browser;
let storeSlug: string;
let storeId: string;
let productId: string;
let ownerPhone: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  const store = await buildStore(dataSource, { name: `فروشگاه <i>کج</i>` });
  storeSlug = store.slug;
  storeId = store.id;
  const [owner] = await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
  ownerPhone = owner.phone;
  const { category, allValues } = await buildShirtCategory(dataSource, store.id, { isCategorizer: true });
  const product = await buildProduct(dataSource, store.id, {
    categoryId: category.id,
    name: NAME,
    nameFa: NAME,
    slug: "hostile-name",
    description: DESCRIPTION,
    basePrice: 4_500_000,
    stock: 5,
    attributes: allValues,
  });
  productId = product.id;
  expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");
  browser = await launchBrowser();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

/** A page that records every dialog (alert, confirm…) and dismisses it. */
async function watchedPage(): Promise<{ page: Page; dialogs: string[]; errors: string[] }> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(30_000);
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return { page, dialogs, errors: watchConsole(page) };
}

describe("a product named with markup and script", { timeout: 90_000 }, () => {
  it("is text on the built site: escaped in the HTML, read literally, no dialog", async () => {
    const { page, dialogs, errors } = await watchedPage();
    const response = await page.goto(`http://${storeSlug}.mall.localhost:${test.server.port}/p/hostile-name/`);
    const html = await response!.text();
    expect(html).not.toContain(`<script>alert("name")`);
    expect(html).not.toContain(`alert("description")`);
    expect(html).toContain("&lt;script&gt;");
    // In attribute values (og:title) a `<` is text; as elements, none of the name's markup exists.
    expect(await page.locator('img[src="x"], script:text("alert")').count()).toBe(0);
    // The structured data holds the name as JSON (no `</script>` to end its element early).
    const ld = await page.locator('script[type="application/ld+json"]').first().textContent();
    expect(ld).not.toMatch(/<\/?script/i);
    expect(JSON.parse(ld!).name).toBe(NAME);

    expect((await page.locator("h1").first().innerText()).trim()).toBe(NAME.trim());
    // The description keeps its harmless markup and loses the rest.
    const prose = page.locator(".prose-fa");
    expect(await prose.locator("strong").innerText()).toBe("و");
    expect(await prose.locator("script, img, a[href^='javascript']").count()).toBe(0);
    expect(await page.title()).toContain("<script>");
    await page.waitForLoadState("networkidle");
    await screenshot(page, "hostile-name-site");
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("is text in the back office: the list and the product's page show it literally, no dialog", async () => {
    const session = await signInToAdmin(test.server, test.platform, ownerPhone);
    const { page, dialogs, errors } = await watchedPage();
    await useSession(page.context(), test.server.url, session.cookie);
    await page.goto(`${test.server.url}/admin/resources/products?filters.storeId=${storeId}`);
    const row = page.locator("tbody tr").first();
    await row.waitFor();
    await expect.poll(() => row.innerText(), { timeout: 30_000 }).toContain(`<script>alert("name")</script>`);
    await page.goto(`${test.server.url}/admin/resources/products/records/${productId}/show`);
    await expect.poll(() => page.locator("body").innerText(), { timeout: 30_000 }).toContain("<img src=x onerror=alert(2)>");
    expect(await page.locator('img[src="x"]').count()).toBe(0);
    await screenshot(page, "hostile-name-admin");
    expect(dialogs).toEqual([]);
    expect(errors).toEqual([]);
    await page.context().close();
  });

  it("is text in the Telegram caption: escaped for parse_mode HTML, Telegram reads the name back exactly", () => {
    const caption = telegramCaption({
      name: NAME,
      description: "<پنبه> & <script>",
      url: "https://x.mall.localhost/p/hostile-name/",
      price: 4_500_000,
      inStock: [{ label: "", price: 4_500_000 }],
      removed: false,
    });
    expect(caption.html).toContain(
      "<b>&lt;script&gt;alert(&quot;name&quot;)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt; «تی‌شرت» &amp; &lt;/b&gt;</b>",
    );
    expect(caption.html).not.toMatch(/<script|<img/);
    // The fake's parser is as strict as Telegram's: an unescaped < or & would be refused.
    const parsed = parseHtml(caption.html);
    expect(parsed.text.startsWith(NAME)).toBe(true);
  });
});
