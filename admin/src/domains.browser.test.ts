import { mkdirSync } from "node:fs";
import { resolve } from "node:path";
import { backOfficeUrl, consoleInbox, openBackOffice, signInThroughForm } from "@mall/e2e/support/back-office.js";
import { launchBrowser, screenshot } from "@mall/e2e/support/browser.js";
import { startWorkers, type RunningWorker } from "@mall/server/main/workers.js";
import { renderNginxConfig } from "@mall/server/sites/nginx-config.js";
import { domainsDueForCheck } from "@mall/server/ssl/domain-setup.service.js";
import { startDnsServer, type DnsServer } from "@mall/server/test/dns-server.js";
import { buildStore } from "@mall/server/test/factories.js";
import { freePort } from "@mall/server/test/free-port.js";
import { httpsThroughNginx, startNginx, type NginxServer } from "@mall/server/test/nginx-server.js";
import { startPebble, type Pebble } from "@mall/server/test/pebble.js";
import { Store } from "@mall/server/tenancy/store.entity.js";
import type { Browser, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { signInToAdmin, useAdminServer } from "./test/admin-server.js";

/**
 * A merchant connects their own domain from the back office, in Debian's
 * Chromium: adds it, copies the two DNS records, sees in Persian what the
 * check found missing; once the records are published on the local DNS
 * server (dns2), the worker's sweep verifies them, orders the certificate
 * from Pebble (a real ACME server whose validation reaches the app through
 * nginx) and installs it, and the page says the domain is active; nginx then
 * serves that certificate. Screenshots: .scratch/domain-*.png and
 * .reports/screenshots/admin-domain-*.png.
 */
const test = useAdminServer({ env: { PLATFORM_DOMAIN: "mall.test" } });
const SCRATCH = resolve(import.meta.dirname, "../../.scratch");
let dns: DnsServer;
let nginx: NginxServer;
let pebble: Pebble;
let worker: RunningWorker;
let tlsPort: number;
let browser: Browser;
let page: Page;
let consoleErrors: string[];
let store: Store;
let ownerPhone: string;

beforeAll(async () => {
  const { dataSource } = test.platform;
  dns = await startDnsServer();
  const httpPort = await freePort();
  tlsPort = await freePort();
  const domainsDir = `${test.platform.config.DATA_DIR}/nginx/domains`;
  nginx = await startNginx(
    renderNginxConfig({
      upstreams: [`127.0.0.1:${test.server.port}`],
      sitesDir: test.platform.config.SITES_DIR,
      listen: `127.0.0.1:${httpPort}`,
      domainsDir,
    }),
    httpPort,
  );
  // Pebble's validation authority fetches http://{domain}:{httpPort}/.well-known/acme-challenge/… through nginx, resolving the domain with our DNS server.
  pebble = await startPebble({ httpPort, dnsServer: dns.address });
  // The worker as production runs it, configured for these servers.
  worker = startWorkers(
    {
      ...test.platform,
      config: {
        ...test.platform.config,
        DNS_RESOLVER: dns.address,
        ACME_DIRECTORY_URL: pebble.directoryUrl,
        ACME_CA_FILE: pebble.tlsCaFile,
        NGINX_DOMAINS_DIR: domainsDir,
        NGINX_TLS_LISTEN: `127.0.0.1:${tlsPort} ssl`,
        NGINX_TEST_COMMAND: nginx.command("-t"),
        NGINX_RELOAD_COMMAND: nginx.command("-s", "reload"),
      },
    },
    { queues: ["domain-check"], relayIntervalMs: 60_000 },
  );
  store = await buildStore(dataSource, { name: "گالری فرش کاشان" });
  [{ phone: ownerPhone }] = await dataSource.query(`SELECT phone FROM users WHERE id = $1`, [store.ownerId]);
  browser = await launchBrowser();
  ({ page, consoleErrors } = await openBackOffice(browser, { contextOptions: { permissions: ["clipboard-read", "clipboard-write"] } }));
  mkdirSync(SCRATCH, { recursive: true });
}, 120_000);

afterEach(async ({ task }) => {
  if (task.result?.state === "fail" && page)
    await screenshot(page, `admin-domain-failed-${task.name.slice(0, 30).replace(/[^a-z0-9]+/gi, "-")}`).catch(() => {});
});
afterAll(async () => {
  await browser?.close();
  await worker?.stop();
  await pebble?.stop();
  await nginx?.stop();
  await dns?.close();
});

/** Lists and pages load after the navigation; a loaded machine takes its time. */
const WAIT = { timeout: 30_000 };
const url = (path: string) => backOfficeUrl(test.server.url, path);
async function shot(name: string) {
  await screenshot(page, `admin-domain-${name}`);
  await page.screenshot({ path: resolve(SCRATCH, `domain-${name}.png`), fullPage: true });
}

/** The serial of the certificate nginx's TLS port presents for `domain`, trusting only Pebble's root. */
const servedSerial = async (domain: string, root: string) => (await httpsThroughNginx(tlsPort, domain, "/healthz", root)).serial;

describe("own domain in the back office", { timeout: 240_000 }, () => {
  it("the merchant adds a domain, copies its records, sees what is missing, and the worker's sweep verifies it and installs its certificate", async () => {
    const domain = `shop-${store.slug}.example.ir`;
    await signInThroughForm(page, test.server.url, { phone: ownerPhone, inbox: consoleInbox(test.platform) });

    // The setup checklist's «دامنهٔ اختصاصی» leads to the page.
    await page.locator('[data-testid="setup-checklist"] li[data-key="domain"] a').click();
    await page.waitForURL(new RegExp(`/resources/stores/records/${store.id}/domain$`));
    await page.locator('[data-testid="domain-phase"]').waitFor();
    expect(await page.locator('[data-testid="domain-phase"]').innerText()).toBe("بدون دامنه");
    await shot("empty");

    // A bad domain is refused beside the form, in Persian; nothing is kept.
    await page.fill("#custom-domain", "http://نادرست");
    await page.getByRole("button", { name: "افزودن دامنه" }).click();
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="domain-form-error"]')
            .innerText()
            .catch(() => ""),
        WAIT,
      )
      .toContain("دامنه معتبر نیست");
    expect((await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id })).customDomain).toBeNull();

    await page.fill("#custom-domain", `  ${domain.toUpperCase()} `);
    await page.getByRole("button", { name: "افزودن دامنه" }).click();
    await expect.poll(() => page.locator('[data-testid="domain-phase"]').innerText(), WAIT).toBe("در انتظار رکوردهای DNS");
    const saved = await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id });
    expect(saved.customDomain).toBe(domain);
    const token = saved.customDomainToken!;
    expect(await page.locator('[data-testid="dns-name-0"]').innerText()).toBe(domain);
    expect(await page.locator('[data-testid="dns-value-0"]').innerText()).toBe(`${store.slug}.mall.test`);
    expect(await page.locator('[data-testid="dns-name-1"]').innerText()).toBe(`_mall-verify.${domain}`);
    expect(await page.locator('[data-testid="dns-value-1"]').innerText()).toBe(token);
    expect(await page.locator('[data-testid="domain-checked"]').innerText()).toBe("هنوز بررسی نشده است.");
    // The copy buttons put the exact value on the clipboard.
    await page.getByRole("button", { name: "کپی مقدار رکورد TXT" }).click();
    await expect.poll(() => page.evaluate("navigator.clipboard.readText()"), WAIT).toBe(token);
    expect(await page.getByRole("button", { name: "کپی مقدار رکورد TXT" }).innerText()).toBe("کپی شد ✓");
    const [audit] = await test.platform.dataSource.query(
      `SELECT surface, after FROM audit_entries WHERE store_id = $1 AND action = 'store.domain_added'`,
      [store.id],
    );
    expect(audit).toEqual({ surface: "admin", after: { customDomain: domain } });
    await shot("records");

    // «بررسی اکنون» before the records exist: the worker says which record is missing.
    await page.locator('[data-testid="domain-check"]').click();
    await expect
      .poll(
        () =>
          page
            .locator('[data-testid="domain-error"]')
            .innerText()
            .catch(() => ""),
        { timeout: 30_000 },
      )
      .toBe(`آخرین بررسی: رکورد TXT ‏_mall-verify.${domain} پیدا نشد.`);
    expect(await page.locator('[data-testid="domain-checked"]').innerText()).toMatch(/^آخرین بررسی: .*۱۴۰۵/);
    expect(await page.locator('[data-testid="domain-phase"]').innerText()).toBe("در انتظار رکوردهای DNS");
    await shot("missing-record");

    // The merchant publishes the records. Ten minutes later (as if), the worker's sweep finds the domain due.
    dns.zone.txt.set(`_mall-verify.${domain}`, token);
    dns.zone.cname.set(domain, `${store.slug}.mall.test`);
    dns.zone.a.set(domain, "127.0.0.1");
    await test.platform.dataSource.query(
      `UPDATE stores SET custom_domain_checked_at = custom_domain_checked_at - interval '10 minutes' WHERE id = $1`,
      [store.id],
    );
    expect(await domainsDueForCheck(test.platform)).toEqual([store.id]);
    await test.platform.queues.get("domain-check").add("sweep", {});
    await expect
      .poll(
        async () =>
          (await test.platform.dataSource.query(`SELECT count(*)::int AS n FROM ssl_certificates WHERE store_id = $1`, [store.id]))[0].n,
        { timeout: 120_000, interval: 500 },
      )
      .toBe(1);

    await page.reload();
    await expect.poll(() => page.locator('[data-testid="domain-phase"]').innerText(), WAIT).toBe("فعال");
    const certificate = page.locator('[data-testid="domain-certificate"]');
    expect(await certificate.innerText()).toContain(`https://${domain}/`);
    expect(await certificate.innerText()).toMatch(/گواهی امنیتی معتبر تا .*۱۴۰/);
    expect(await page.locator('[data-testid="domain-error"]').count()).toBe(0);
    expect(await page.locator(".mall-dns").count()).toBe(0);
    await shot("active");

    // nginx serves the certificate the worker stored; the sweep has nothing left to do for this domain.
    const [{ serial }] = await test.platform.dataSource.query(`SELECT serial FROM ssl_certificates WHERE store_id = $1`, [store.id]);
    const root = await pebble.issuerRoot();
    await expect.poll(() => servedSerial(domain, root).catch(() => ""), WAIT).toBe(serial);
    const verified = await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id });
    expect(verified).toMatchObject({ customDomainVerified: true, customDomainError: null });
    expect(await domainsDueForCheck(test.platform, new Date(Date.now() + 86_400_000))).toEqual([]);

    // The checklist counts the domain as done.
    await page.goto(url(""));
    await expect.poll(() => page.locator('li[data-key="domain"]').getAttribute("data-done"), WAIT).toBe("yes");
    expect(consoleErrors).toEqual([]);
  });

  it("another store's merchant can neither read nor change this store's domain", async () => {
    const other = await buildStore(test.platform.dataSource, { name: "فروشگاه همسایه" });
    const [{ phone }] = await test.platform.dataSource.query(`SELECT phone FROM users WHERE id = $1`, [other.ownerId]);
    const session = await signInToAdmin(test.server, test.platform, phone);
    const read = await session.recordAction("stores", store.id, "domain");
    expect(read.body.domain).toBeUndefined();
    expect(read.body.notice?.message ?? read.body.error?.message).toMatch(/recordNotFound|پیدا نشد/);
    const change = await session.recordAction("stores", store.id, "domain", { op: "remove" });
    expect(change.body.domain).toBeUndefined();
    expect((await test.platform.dataSource.getRepository(Store).findOneByOrFail({ id: store.id })).customDomain).toBe(
      `shop-${store.slug}.example.ir`,
    );
    // Their own store: a domain already taken by another store is refused in Persian.
    const taken = await session.recordAction("stores", other.id, "domain", { op: "add", domain: `shop-${store.slug}.example.ir` });
    expect(taken.body.record.errors.domain.message).toBe("این دامنه به فروشگاه دیگری وصل است.");
  });
});
