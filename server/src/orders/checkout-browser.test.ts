import { beforeAll, describe, expect, it } from "vitest";
import { screenshot } from "../../../e2e/support/browser.js";
import { consoleInbox, signInOnSite } from "../../../e2e/support/store-site.js";
import { ProductInstance } from "../catalog/product-instance.entity.js";
import { buildSite } from "../sites/site-build.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { buildProduct, buildStore, randomPhone, buildShirtCategory } from "../test/factories.js";
import { useStoreSiteBrowser } from "../test/store-site-browser.js";
import { useTestPlatform } from "../test/test-platform.js";
import { createDiscount } from "../discounts/discount.service.js";
import { systemContext } from "../core/context.js";
import { buildShippingMethod } from "../test/order-fixtures.js";

/**
 * The shopper's journey on a built store site in Chromium: cart → sign in by
 * SMS code → address (a server validation error shown by its field) →
 * shipping → a discount code (a wrong one answered in Persian, the right one
 * typed in Persian digits) → place order → the order page says «در انتظار پرداخت».
 */
// No gateway offered: this journey ends at the order waiting for payment (payments/payment-browser.test.ts pays one).
const test = useTestPlatform({ PAYMENT_SANDBOX: "false" });
// The sign-in SMS goes through the queue to the console driver, which keeps the code for the inbox.
const site = useStoreSiteBrowser(test);
let store: Store;
let blueLargeId: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  store = await buildStore(dataSource, { name: "پوشاک نمونه" });
  const { category: shirts, allValues } = await buildShirtCategory(dataSource, store.id);
  await buildProduct(dataSource, store.id, {
    categoryId: shirts.id,
    name: "Tile T-shirt",
    nameFa: "تی‌شرت طرح کاشی",
    slug: "tile-tshirt",
    basePrice: 4_500_000,
    stock: 5,
    attributes: allValues,
  });
  const instances = await dataSource.query(
    `SELECT i.id FROM product_instances i
       JOIN product_instance_attributes c ON c.instance_id = i.id AND c.value = 'آبی'
       JOIN product_instance_attributes s ON s.instance_id = i.id AND s.value = 'L'
      WHERE i.store_id = $1`,
    [store.id],
  );
  blueLargeId = instances[0].id;
  await buildShippingMethod(dataSource, store.id, { kind: "post_pishtaz", price: 450_000, description: "۲ تا ۴ روز کاری", sortOrder: 1 });
  await buildShippingMethod(dataSource, store.id, { kind: "courier", price: 250_000, cityId: 801, sortOrder: 2 });
  await dataSource.transaction((m) =>
    createDiscount(systemContext(m, "test"), store.id, { title: "تخفیف پاییزه", code: "PAEEZ10", kind: "percentage", value: 10 }),
  );
  await buildSite(test.platform, store.id, "test");
}, 120_000);

const origin = () => site.origin(store);

describe("checkout on the store site in Chromium", () => {
  it("takes a shopper from the cart through SMS sign-in, address and shipping to an order waiting for payment", async () => {
    const { context, page, errors } = await site.open({ viewport: { width: 1280, height: 900 } });

    await page.goto(`${origin()}/p/tile-tshirt/`);
    await page.waitForSelector('[data-live="yes"]');
    await page.click('button[aria-label="آبی"]');
    await page.click('button[aria-label="L"]');
    await page.click("text=افزودن به سبد خرید");

    await page.goto(`${origin()}/cart/`);
    await page.waitForSelector('[data-checked="yes"]');
    await page.click('button[aria-label="یکی بیشتر"]');
    await expect.poll(() => page.textContent('[data-testid="cart-quantity"]')).toBe("۲");
    await expect.poll(() => page.textContent('[data-testid="cart-total"]')).toBe("۹۰۰٬۰۰۰ تومان");
    await screenshot(page, "checkout-1-cart");
    await page.click("text=ادامهٔ خرید و پرداخت");

    // Sign in with the code the SMS carried.
    const phone = randomPhone();
    const national = `0${phone.slice(3)}`;
    await signInOnSite(page, {
      phone,
      inbox: consoleInbox(test.platform),
      beforeSignIn: (signingIn) => screenshot(signingIn, "checkout-2-sign-in"),
    });
    await page.waitForSelector('[data-testid="signed-in"]');

    // The refresh token is in an httpOnly cookie of this store's host, sent only to /api/v1/auth: no page script
    // reads it, and this browser's storage keeps only the short-lived access token (good at this store only).
    const kept = (await page.evaluate("({ storage: JSON.stringify({ ...localStorage }), cookies: document.cookie })")) as {
      storage: string;
      cookies: string;
    };
    expect(kept.storage).toContain("accessToken");
    expect(kept.storage).not.toMatch(/refresh/i);
    expect(kept.cookies).not.toContain("mall_refresh");
    const refreshCookies = (await page.context().cookies()).filter((cookie) => cookie.name === "mall_refresh");
    expect(refreshCookies).toEqual([
      expect.objectContaining({ domain: `${store.slug}.mall.localhost`, path: "/api/v1/auth", httpOnly: true, sameSite: "Strict" }),
    ]);
    // An access token that ran out is renewed through the cookie: the shopper stays signed in.
    await page.evaluate((key) => {
      const session = JSON.parse(localStorage.getItem(key)!) as Record<string, unknown>;
      localStorage.setItem(key, JSON.stringify({ ...session, accessExpiresAt: 0 }));
    }, `mall:session:${store.slug}`);
    const renewal = page.waitForResponse((response) => response.url().endsWith("/api/v1/auth/refresh-token"));
    await page.reload();
    expect((await renewal).status()).toBe(200);
    await page.waitForSelector('[data-testid="signed-in"]');

    // A new address: the server's Persian message appears next to the field it names.
    await page.waitForSelector('[data-testid="address-form"]');
    await page.fill('input[name="receiverName"]', "مریم احمدی");
    await page.fill('input[name="mobile"]', "۱۲۳۴۵");
    await page.selectOption('select[name="provinceId"]', { label: "تهران" });
    await page.selectOption('select[name="cityId"]', { label: "تهران" });
    await page.fill('input[name="line"]', "خیابان ولیعصر، کوچهٔ لاله، پلاک ۱۲، واحد ۳");
    await page.fill('input[name="postalCode"]', "۱۴۱۱۷۱۳۱۳۵");
    await page.click("text=ذخیرهٔ نشانی");
    const mobileError = page.locator('label:has(input[name="mobile"]) [data-testid="field-error"]');
    await expect.poll(() => mobileError.textContent()).toContain("شمارهٔ همراه معتبر نیست");
    await screenshot(page, "checkout-3-address-error");
    await page.fill('input[name="mobile"]', national);
    await page.click("text=ذخیرهٔ نشانی");

    // Shipping: both methods reach Tehran city; the courier is cheaper.
    await page.waitForSelector('[data-testid="shipping-options"]');
    expect(await page.textContent('[data-testid="shipping-options"]')).toContain("۴۵٬۰۰۰ تومان");
    await page.click('[data-testid="shipping-options"] label:has-text("پیک")');
    await expect.poll(() => page.textContent('[data-testid="checkout-total"]')).toBe("۹۲۵٬۰۰۰ تومان");
    expect(await page.textContent('[data-testid="checkout-subtotal"]')).toBe("۹۰۰٬۰۰۰ تومان");

    // A discount code: a wrong one is answered beside the field; the right one, in Persian digits, takes 10% off.
    await page.fill("#discount-code", "NOPE");
    await page.click('button:text-is("اعمال")');
    await expect.poll(() => page.textContent('[data-testid="discount-code"] [data-testid="field-error"]')).toBe("کد تخفیف معتبر نیست.");
    await page.click('button:text-is("حذف")');
    await page.fill("#discount-code", "paeez۱۰");
    await page.click('button:text-is("اعمال")');
    await expect.poll(() => page.textContent('[data-testid="checkout-discount"]')).toContain("−۹۰٬۰۰۰ تومان");
    await expect.poll(() => page.textContent('[data-testid="checkout-total"]')).toBe("۸۳۵٬۰۰۰ تومان");
    await screenshot(page, "checkout-4-review");

    await page.click('button:text-is("ثبت سفارش")');
    await page.waitForURL(/\/order\/\?id=/);
    await page.waitForSelector('[data-testid="order"]');
    expect(await page.textContent('[data-testid="order-state"]')).toBe("در انتظار پرداخت");
    expect(await page.textContent('[data-testid="payment-note"]')).toContain("پرداخت آنلاین این فروشگاه به‌زودی فعال می‌شود");
    expect(await page.textContent('[data-testid="order-total"]')).toBe("۸۳۵٬۰۰۰ تومان");
    expect(await page.textContent('[data-testid="order-discount"]')).toContain("تخفیف: تخفیف پاییزه");
    expect(await page.textContent('[data-testid="order-line"]')).toContain("رنگ: آبی، سایز: L");
    expect(await page.textContent('[data-testid="order-history"]')).toMatch(
      /۱۴[۰-۹]{2}\/[۰-۹]{2}\/[۰-۹]{2} ساعت [۰-۹]{2}:[۰-۹]{2}در انتظار پرداخت/,
    );
    await screenshot(page, "checkout-5-order-pending");
    // The printable receipt: the store's name above the order's lines and total; the site's header and menus stay off the paper.
    expect(await page.isVisible('[data-testid="print-receipt"]')).toBe(true);
    await page.emulateMedia({ media: "print" });
    expect(await page.textContent('[data-testid="receipt-head"]')).toContain("پوشاک نمونه");
    expect(await page.textContent('[data-testid="receipt-head"]')).toMatch(/رسید سفارش [۰-۹]+/);
    expect(await page.isVisible('[data-testid="receipt-head"]')).toBe(true);
    expect(await page.isVisible("body > header")).toBe(false);
    expect(await page.isVisible('[data-testid="order-line"]')).toBe(true);
    expect(await page.isVisible('[data-testid="print-receipt"]')).toBe(false);
    await screenshot(page, "checkout-5b-receipt-print");
    await page.emulateMedia({ media: "screen" });

    // The stock is held, the cart is empty, and the account page lists the order.
    const held = await test.platform.dataSource.getRepository(ProductInstance).findOneByOrFail({ id: blueLargeId });
    expect(held.stock).toBe(3);
    await page.goto(`${origin()}/account/`);
    await page.waitForSelector('[data-testid="my-orders"] li');
    expect(await page.textContent('[data-testid="my-orders"]')).toContain("در انتظار پرداخت");
    expect(await page.textContent('[data-testid="my-addresses"]')).toContain("مریم احمدی");
    expect(await page.locator('[data-testid="cart-count"]').count()).toBe(0);
    await screenshot(page, "checkout-6-account");
    expect(errors.filter((e) => !e.includes("status of 400"))).toEqual([]);
    await context.close();
  }, 90_000);
});
