import type { Job } from "bullmq";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@mall/server/main/app.js";
import type { EventJobData } from "@mall/server/jobs/events.js";
import { storeCacheJob } from "@mall/server/tenancy/store-cache.job.js";
import { startDnsServer, type DnsServer } from "@mall/server/test/dns-server.js";
import { buildStore } from "@mall/server/test/factories.js";
import { startTestServer, type TestServer } from "@mall/server/test/http-client.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import type { DomainView } from "../../domain-output.js";
import { cliEnv, runCli, runJson } from "../../test/run-cli.js";

const test = useTestPlatform({ PLATFORM_DOMAIN: "mall.test" });

let dns: DnsServer;
let server: TestServer;

beforeAll(async () => {
  dns = await startDnsServer();
  server = await startTestServer(createApp(test.platform));
});
afterAll(async () => {
  await server?.close();
  await dns?.close();
});

const env = () => cliEnv(test.config, { PLATFORM_DOMAIN: "mall.test", DNS_RESOLVER: dns.address });

/** Runs the worker's store-cache listener over the store's store.changed events, as the outbox relay would. */
async function relayStoreEvents(storeId: string): Promise<Array<Record<string, unknown>>> {
  const rows = await test.platform.dataSource.query<Array<{ payload: Record<string, unknown> }>>(
    "SELECT payload FROM outbox WHERE type = 'store.changed' AND store_id = $1 ORDER BY id",
    [storeId],
  );
  const job = storeCacheJob(test.platform.storeCache);
  for (const row of rows) await job({ data: { storeId, type: "store.changed", payload: row.payload } } as unknown as Job<EventJobData>);
  return rows.map((row) => row.payload);
}

const storeByHost = (host: string) => server.request("GET", "/api/v1/store", { host });

describe("mall domain", { timeout: 120_000 }, () => {
  it("adds a domain unverified, verifies it against DNS, routes it, and stops routing it once removed", async () => {
    const store = await buildStore(test.platform.dataSource);
    const domain = `${store.slug}.example.ir`;

    const added = await runCli(["domain", "add", store.slug, domain.toUpperCase()], env());
    expect(added.stderr).toBe("");
    expect(added.code).toBe(0);
    const [row] = await test.platform.dataSource.query<
      Array<{ custom_domain: string; custom_domain_verified: boolean; custom_domain_token: string }>
    >("SELECT custom_domain, custom_domain_verified, custom_domain_token FROM stores WHERE id = $1", [store.id]);
    expect(row).toMatchObject({ custom_domain: domain, custom_domain_verified: false });
    const token = row!.custom_domain_token;
    expect(token).toMatch(/^[0-9a-f]{32}$/);
    expect(added.stdout).toMatch(new RegExp(`^\\s+CNAME\\s+${domain.replace(/\./g, "\\.")}\\s+${store.slug}\\.mall\\.test$`, "m"));
    expect(added.stdout).toMatch(new RegExp(`^\\s+TXT\\s+_mall-verify\\.${domain.replace(/\./g, "\\.")}\\s+${token}$`, "m"));

    // Unverified: the domain routes nowhere.
    await relayStoreEvents(store.id);
    expect((await storeByHost(domain)).status).toBe(404);

    // No records at all, then a wrong token, then the right token but a CNAME elsewhere: one line, exit 1, still unverified.
    const failures = [];
    failures.push(await runCli(["domain", "verify", store.slug], env()));
    dns.zone.txt.set(`_mall-verify.${domain}`, "not-the-token");
    failures.push(await runCli(["domain", "verify", store.slug], env()));
    dns.zone.txt.set(`_mall-verify.${domain}`, token);
    failures.push(await runCli(["domain", "verify", store.slug], env()));
    dns.zone.cname.set(domain, "other.mall.test");
    failures.push(await runCli(["domain", "verify", store.slug], env()));
    for (const failure of failures) {
      expect(failure.code).toBe(1);
      expect(failure.errorLines).toHaveLength(1);
      expect(failure.stdout).toBe("");
    }
    expect(failures.map((f) => f.errorLines[0])).toEqual([
      `Error: domain: رکورد TXT ‏_mall-verify.${domain} پیدا نشد.`,
      `Error: domain: مقدار رکورد TXT ‏_mall-verify.${domain} با کد تأیید این فروشگاه یکی نیست.`,
      `Error: domain: رکورد CNAME دامنهٔ ${domain} پیدا نشد.`,
      `Error: domain: رکورد CNAME دامنهٔ ${domain} باید به ${store.slug}.mall.test اشاره کند، نه other.mall.test.`,
    ]);
    await relayStoreEvents(store.id);
    expect((await storeByHost(domain)).status).toBe(404);

    // The right records: verified, and the domain routes to the store.
    dns.zone.cname.set(domain, `${store.slug}.mall.test.`);
    const verified = await runJson<DomainView>(["domain", "verify", store.id], env());
    expect(verified).toMatchObject({ store: store.slug, storeId: store.id, domain, verified: true });
    const events = await relayStoreEvents(store.id);
    expect(events.at(-1)).toMatchObject({ change: "domain_verified", customDomain: domain, previousHosts: [`${store.slug}.mall.test`] });
    const routed = await storeByHost(domain);
    expect(routed.status).toBe(200);
    expect(routed.body.id).toBe(store.id);

    // Removed: it stops routing, and nginx's link for it goes with the previous hosts.
    const removed = await runJson<DomainView & { removed: string }>(["domain", "remove", store.slug], env());
    expect(removed).toMatchObject({ removed: domain, domain: null, verified: false, records: [] });
    const afterRemoval = await relayStoreEvents(store.id);
    expect(afterRemoval.at(-1)).toMatchObject({
      change: "domain_removed",
      customDomain: null,
      previousHosts: [`${store.slug}.mall.test`, domain],
    });
    expect((await storeByHost(domain)).status).toBe(404);
  });

  it("refuses bad or taken domains with one line naming the domain, exit 1, and changes nothing", async () => {
    const taken = await buildStore(test.platform.dataSource);
    const store = await buildStore(test.platform.dataSource);
    const takenDomain = `${taken.slug}.example.ir`;
    expect((await runCli(["domain", "add", taken.slug, takenDomain], env())).code).toBe(0);
    const results = await Promise.all([
      runCli(["domain", "add", store.slug, "not a domain"], env()),
      runCli(["domain", "add", store.slug, "shop.mall.test"], env()),
      runCli(["domain", "add", store.slug, takenDomain], env()),
      runCli(["domain", "add", "no-such-store", "free.example.ir"], env()),
      runCli(["domain", "verify", store.slug], env()),
    ]);
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.errorLines).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    expect(results.map((r) => r.errorLines[0])).toEqual([
      "Error: domain: دامنه معتبر نیست؛ نامی مثل example.ir با حروف کوچک لاتین وارد کنید.",
      "Error: domain: دامنه‌های زیرمجموعهٔ دامنهٔ پلتفرم را نمی‌توان وصل کرد؛ دامنهٔ خودتان را وارد کنید.",
      "Error: domain: این دامنه به فروشگاه دیگری وصل است.",
      "Error: store: فروشگاهی با این نشانی پیدا نشد.",
      "Error: store: این فروشگاه دامنهٔ اختصاصی ندارد؛ ابتدا دامنه را اضافه کنید.",
    ]);
    const [row] = await test.platform.dataSource.query<Array<{ custom_domain: string | null }>>(
      "SELECT custom_domain FROM stores WHERE id = $1",
      [store.id],
    );
    expect(row!.custom_domain).toBeNull();
  });
});
