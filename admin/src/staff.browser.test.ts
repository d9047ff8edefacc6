import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { backOfficeUrl, consoleInbox, openBackOffice, signInThroughForm } from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot } from "@mall/e2e/support/browser.js";
import { systemContext } from "@mall/server/core/context.js";
import { markOrderPaid } from "@mall/server/orders/order.service.js";
import { ProductInstance } from "@mall/server/catalog/product-instance.entity.js";
import { buildProduct, buildStore, randomSlug } from "@mall/server/test/factories.js";
import { buildShippingMethod, placeAs, tehranAddress } from "@mall/server/test/order-fixtures.js";
import { buildUser } from "@mall/server/test/sign-in.js";
import { StoreRequest } from "@mall/server/tenancy/store-request.entity.js";
import { submitStoreRequest } from "@mall/server/tenancy/store-request.service.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import type { User } from "@mall/server/identity/user.entity.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer } from "./test/admin-server.js";

/**
 * Platform staff in the back office, in Debian's Chromium: the figures on
 * the dashboard (stores, requests waiting, paid orders and revenue in
 * Tomans, own domains), store requests approved and rejected through the
 * store-request service the CLI uses (the owner texted either way), the
 * domains and certificates list, suspending a store; and a merchant who
 * reaches none of it. Screenshots: .scratch/staff-*.png.
 */
const test = useAdminServer({ env: { PLATFORM_DOMAIN: "mall.test" } });
const SCRATCH = resolve(import.meta.dirname, "../../.scratch");
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let staff: User;
let merchantStore: Store;

/** A pending request, as the landing page's form leaves it: submitted by the signed-in owner. */
async function storeRequest(storeName: string): Promise<StoreRequest> {
  const owner = await buildUser(test.platform.dataSource);
  return test.platform.dataSource.transaction((manager) =>
    submitStoreRequest(
      { manager, actor: { kind: "user", userId: owner.id, isStaff: false } },
      { storeName, slug: randomSlug("req"), description: "دست‌بافته‌های کرمان" },
    ),
  );
}

async function signIn(phone: string) {
  await page.context().clearCookies();
  await signInThroughForm(page, test.server.url, { phone, inbox: consoleInbox(test.platform) });
}

async function shot(name: string) {
  await screenshot(page, `admin-staff-${name}`);
  await page.screenshot({ path: resolve(SCRATCH, `staff-${name}.png`), fullPage: true });
}

/** Lists and pages load after the navigation; a loaded machine takes its time. */
const WAIT = { timeout: 30_000 };
const url = (path: string) => backOfficeUrl(test.server.url, path);
const bodyText = () => page.locator("body").innerText();

beforeAll(async () => {
  const { dataSource } = test.platform;
  staff = await buildUser(dataSource, { isStaff: true });
  merchantStore = await buildStore(dataSource, { name: "قالی‌سرای کرمان" });
  // One paid order of 2,500,000 Tomans (25,000,000 Rials with its shipping), for the platform's figures.
  const product = await buildProduct(dataSource, merchantStore.id, { nameFa: "گلیم دست‌باف", basePrice: 24_600_000, stock: 3 });
  const instance = await dataSource.getRepository(ProductInstance).findOneByOrFail({ productId: product.id });
  const method = await buildShippingMethod(dataSource, merchantStore.id, { kind: "post_pishtaz", price: 400_000 });
  const placed = await placeAs(dataSource, merchantStore.id, await buildUser(dataSource), {
    items: [{ instanceId: instance.id, quantity: 1 }],
    address: tehranAddress(),
    shippingMethodId: method.id,
  });
  await dataSource.transaction((manager) =>
    markOrderPaid(systemContext(manager, "payments"), merchantStore.id, placed.order.id, { reference: "778899" }),
  );
  await dataSource.query(
    `UPDATE stores SET custom_domain = $2, custom_domain_token = 'abc', custom_domain_checked_at = now(), custom_domain_error = $3 WHERE id = $1`,
    [merchantStore.id, `${merchantStore.slug}.example.ir`, "رکورد TXT پیدا نشد."],
  );
  browser = await launchBrowser();
  ({ page, consoleErrors } = await openBackOffice(browser));
  mkdirSync(SCRATCH, { recursive: true });
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === "fail" && page)
    await screenshot(page, `admin-staff-failed-${task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
});
afterAll(async () => {
  await browser?.close();
});

describe("platform staff in the back office", { timeout: 180_000 }, () => {
  it("staff see the platform's figures, approve one store request and reject another with a reason, and see every domain", async () => {
    const approved = await storeRequest("سفال‌خانهٔ لالجین");
    const rejected = await storeRequest("فروشگاه آزمایشی بی‌نام");
    await signIn(staff.phone);

    const figures = page.locator('[data-testid="platform-figures"]');
    await figures.waitFor();
    const text = await figures.innerText();
    expect(text).toMatch(/درخواست‌های در انتظار\s*۲/);
    expect(text).toMatch(/سفارش‌های پرداخت‌شده تا امروز\s*۱/);
    expect(text).toContain("۲٬۵۰۰٬۰۰۰ تومان");
    expect(text).toMatch(/دامنه‌های اختصاصی\s*۱\s*۱ در انتظار تأیید/);
    await shot("dashboard");
    await figures.screenshot({ path: resolve(SCRATCH, "staff-figures.png") });

    // The pending requests, from the dashboard's figure.
    await figures.getByText("درخواست‌های در انتظار").click();
    await page.waitForURL(/\/resources\/storeRequests\/actions\/list/);
    await expect.poll(bodyText, WAIT).toContain("سفال‌خانهٔ لالجین");
    expect(await bodyText()).toContain("در انتظار بررسی");
    await shot("requests");

    await page.goto(url(`/resources/storeRequests/records/${approved.id}/show`));
    await expect.poll(bodyText, WAIT).toContain("سفال‌خانهٔ لالجین");
    await shot("request");
    await page.goto(url(`/resources/storeRequests/records/${approved.id}/approve`));
    await expect.poll(bodyText, WAIT).toContain("فروشگاه با همین نام و نامک ساخته می‌شود");
    await page.getByRole("button", { name: "تأیید و ساخت فروشگاه" }).last().click();
    await expect.poll(bodyText, WAIT).toContain("درخواست تأیید شد");
    const decided = await test.platform.dataSource.getRepository(StoreRequest).findOneByOrFail({ id: approved.id });
    expect(decided).toMatchObject({ status: "approved", decidedBy: `user:${staff.id}` });
    const created = await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: decided.storeId! });
    expect(created).toMatchObject({ name: "سفال‌خانهٔ لالجین", slug: approved.slug, status: "active" });
    await page.waitForURL(new RegExp(`/resources/stores/records/${created.id}/show`));
    await shot("approved-store");
    const [approvedSms] = await test.platform.dataSource.query(`SELECT text FROM sms_messages WHERE phone = $1`, [approved.ownerPhone]);
    expect(approvedSms.text).toContain(`فروشگاه «سفال‌خانهٔ لالجین» شما در مال آماده شد.`);

    // Rejecting needs a reason; the reason is texted as written.
    await page.goto(url(`/resources/storeRequests/records/${rejected.id}/reject`));
    await page.locator("#reason").waitFor();
    await page.locator(".mall-reject button[type=submit]").click();
    await expect.poll(() => page.locator(".mall-reject").innerText(), WAIT).toContain("دلیل رد درخواست را بنویسید.");
    expect((await test.platform.dataSource.getRepository(StoreRequest).findOneByOrFail({ id: rejected.id })).status).toBe("pending");
    await page.fill("#reason", "نام فروشگاه روشن نیست؛ لطفاً با نام واقعی کسب‌وکار دوباره درخواست دهید.");
    await shot("reject");
    await page.locator(".mall-reject button[type=submit]").click();
    await expect.poll(bodyText, WAIT).toContain("درخواست رد شد");
    expect(await test.platform.dataSource.getRepository(StoreRequest).findOneByOrFail({ id: rejected.id })).toMatchObject({
      status: "rejected",
      reason: "نام فروشگاه روشن نیست؛ لطفاً با نام واقعی کسب‌وکار دوباره درخواست دهید.",
    });
    const [rejectedSms] = await test.platform.dataSource.query(`SELECT text FROM sms_messages WHERE phone = $1`, [rejected.ownerPhone]);
    expect(rejectedSms.text).toContain("دلیل: نام فروشگاه روشن نیست");
    await expect.poll(bodyText, WAIT).toContain("ردشده");
    await shot("rejected");

    // Domains and certificates.
    await page.goto(url("/resources/domains/actions/list"));
    await expect.poll(bodyText, WAIT).toContain(`${merchantStore.slug}.example.ir`);
    const domains = await bodyText();
    expect(domains).toContain("قالی‌سرای کرمان");
    expect(domains).toContain("رکورد TXT پیدا نشد.");
    expect(domains).not.toContain("سفال‌خانهٔ لالجین");
    await shot("domains");

    // Suspending a store, with the question first.
    await page.goto(url(`/resources/stores/records/${created.id}/suspend`));
    await page.getByRole("button", { name: "تعلیق فروشگاه" }).last().click();
    await expect
      .poll(async () => (await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: created.id })).status, WAIT)
      .toBe("suspended");
    await shot("suspended");
    expect(consoleErrors).toEqual([]);
  });

  it("a merchant sees none of the staff pages, and cannot decide a request or read the domains through the API", async () => {
    const waiting = await storeRequest("درخواست دیگر");
    const [{ phone }] = await test.platform.dataSource.query(`SELECT phone FROM users WHERE id = $1`, [merchantStore.ownerId]);
    await signIn(phone);
    expect(await page.locator('[data-testid="platform-figures"]').count()).toBe(0);
    const menu = await page.locator('[data-css="sidebar"]').innerText();
    expect(menu).not.toContain("درخواست‌های فروشگاه");
    expect(menu).not.toContain("دامنه‌ها و گواهی‌ها");
    await page.goto(url("/resources/storeRequests/actions/list"));
    await expect.poll(bodyText, WAIT).toMatch(/اجازهٔ (این کار|آن)/);
    expect(await bodyText()).not.toContain("درخواست دیگر");
    await shot("merchant-refused");
    await page.goto(url("/resources/domains/actions/list"));
    await expect.poll(bodyText, WAIT).toMatch(/اجازهٔ (این کار|آن)/);
    expect(await bodyText()).not.toContain(`${merchantStore.slug}.example.ir`);

    const session = await signInToAdmin(test.server, test.platform, phone);
    const list = await session.list("storeRequests");
    expect(list.body.records ?? []).toEqual([]);
    const approve = await session.recordAction("storeRequests", waiting.id, "approve", { confirmed: "true" });
    expect(approve.text).not.toContain("storeRequestApproved");
    expect((await session.list("domains")).body.records ?? []).toEqual([]);
    expect((await test.platform.dataSource.getRepository(StoreRequest).findOneByOrFail({ id: waiting.id })).status).toBe("pending");
  });
});
