import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApp } from "@mall/server/main/app.js";
import { renderNginxConfig } from "@mall/server/sites/nginx-config.js";
import { buildSite } from "@mall/server/sites/site-build.service.js";
import { syncHostLinks } from "@mall/server/sites/site-hosts.js";
import { renewDueCertificates } from "@mall/server/ssl/ssl.service.js";
import { startDnsServer, type DnsServer } from "@mall/server/test/dns-server.js";
import { buildProduct, buildStore } from "@mall/server/test/factories.js";
import { freePort } from "@mall/server/test/free-port.js";
import { startTestServer, type TestServer } from "@mall/server/test/http-client.js";
import { httpsThroughNginx, startNginx, type NginxServer } from "@mall/server/test/nginx-server.js";
import { startPebble, type Pebble } from "@mall/server/test/pebble.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import type { Store } from "@mall/server/tenancy/store.entity.js";
import type { CertificateView } from "../../ssl-output.js";
import { cliEnv, runCli, runJson } from "../../test/run-cli.js";

const test = useTestPlatform({ PLATFORM_DOMAIN: "mall.test" });
let dns: DnsServer;
let app: TestServer;
let nginx: NginxServer;
let pebble: Pebble;
let tlsPort: number;
let store: Store;
let settings: Record<string, string>;

beforeAll(async () => {
  dns = await startDnsServer();
  app = await startTestServer(createApp(test.platform));
  const httpPort = await freePort();
  tlsPort = await freePort();
  const domainsDir = `${test.config.DATA_DIR}/nginx/domains`;
  nginx = await startNginx(
    renderNginxConfig({
      upstreams: [`127.0.0.1:${app.port}`],
      sitesDir: test.config.SITES_DIR,
      listen: `127.0.0.1:${httpPort}`,
      domainsDir,
    }),
    httpPort,
  );
  // Pebble's validation authority fetches http://{domain}:{httpPort}/.well-known/acme-challenge/… through nginx, resolving the domain with our DNS server.
  pebble = await startPebble({ httpPort, dnsServer: dns.address });
  settings = {
    DATA_DIR: test.config.DATA_DIR,
    SITES_DIR: test.config.SITES_DIR,
    ACME_DIRECTORY_URL: pebble.directoryUrl,
    ACME_CA_FILE: pebble.tlsCaFile,
    NGINX_DOMAINS_DIR: domainsDir,
    NGINX_TLS_LISTEN: `127.0.0.1:${tlsPort} ssl`,
    NGINX_TEST_COMMAND: nginx.command("-t"),
    NGINX_RELOAD_COMMAND: nginx.command("-s", "reload"),
  };
  store = await buildStore(test.platform.dataSource, { name: "فروشگاه امن" });
  await buildProduct(test.platform.dataSource, store.id, { nameFa: "کوزهٔ لعابی", slug: "jar", basePrice: 900_000, stock: 2 });
  expect((await buildSite(test.platform, store.id, "test")).status).toBe("succeeded");
}, 90_000);

afterAll(async () => {
  await pebble?.stop();
  await nginx?.stop();
  await app?.close();
  await dns?.close();
});

const env = () => cliEnv(test.config, { PLATFORM_DOMAIN: "mall.test", DNS_RESOLVER: dns.address, ...settings });
/** The worker's view of the platform: the same settings the CLI got. */
const workerPlatform = () => ({
  ...test.platform,
  config: { ...test.config, ...settings, NGINX_TLS_LISTEN: settings.NGINX_TLS_LISTEN!, SSL_RENEW_DAYS: 30 },
});

const httpsGet = (domain: string, path: string, root: string) => httpsThroughNginx(tlsPort, domain, path, root);

/** nginx's workers switch to a reloaded configuration within moments; wait for the serial we expect. */
async function servedSerial(domain: string, root: string, expected: string): Promise<string> {
  let serial = "";
  for (let tries = 0; tries < 50 && serial !== expected; tries++) {
    serial = (await httpsGet(domain, "/", root).catch(() => ({ serial: "" }))).serial;
    if (serial !== expected) await new Promise((wake) => setTimeout(wake, 100));
  }
  return serial;
}

const certificateCount = async () =>
  Number((await test.platform.dataSource.query<Array<{ n: string }>>("SELECT count(*) AS n FROM ssl_certificates"))[0]!.n);

describe("mall ssl, against Pebble and nginx", { timeout: 240_000 }, () => {
  it("issues a certificate for a verified domain, nginx serves the store over HTTPS with it, and the worker renews it", async () => {
    const domain = `${store.slug}.example.ir`;
    expect((await runCli(["domain", "add", store.slug, domain], env())).code).toBe(0);

    // Not verified yet: refused with one line, nothing stored or written.
    const early = await runCli(["ssl", "issue", store.slug], env());
    expect(early.code).toBe(1);
    expect(early.errorLines).toEqual([`Error: domain: دامنهٔ ${domain} هنوز تأیید نشده است؛ ابتدا mall domain verify را اجرا کنید.`]);
    expect(early.stdout).toBe("");
    expect(await certificateCount()).toBe(0);

    // The merchant publishes the records; the domain is verified against the local DNS server and routed.
    const rows = await test.platform.dataSource.query<Array<{ custom_domain_token: string }>>(
      "SELECT custom_domain_token FROM stores WHERE id = $1",
      [store.id],
    );
    const token = rows[0]!.custom_domain_token;
    dns.zone.txt.set(`_mall-verify.${domain}`, token);
    dns.zone.cname.set(domain, `${store.slug}.mall.test`);
    dns.zone.a.set(domain, "127.0.0.1");
    expect((await runJson<{ verified: boolean }>(["domain", "verify", store.slug], env())).verified).toBe(true);
    await syncHostLinks(test.platform.dataSource, test.config, store.id);

    const started = Date.now();
    const issued = await runJson<CertificateView>(["ssl", "issue", store.slug], env());
    const issueSeconds = (Date.now() - started) / 1000;
    expect(issued).toMatchObject({ store: store.slug, storeId: store.id, domain, lastError: null, failedAt: null });
    expect(issued.serial).toMatch(/^[0-9a-f]+$/);
    expect(issued.daysLeft).toBeGreaterThan(60);
    expect(Object.keys(issued).sort()).toEqual([
      "daysLeft",
      "domain",
      "failedAt",
      "issuedAt",
      "lastError",
      "notAfter",
      "notBefore",
      "serial",
      "store",
      "storeId",
    ]);
    // The challenge rows are gone once the order is settled.
    expect(await test.platform.dataSource.query("SELECT token FROM acme_challenges")).toEqual([]);

    const root = await pebble.issuerRoot();
    expect(await servedSerial(domain, root, issued.serial)).toBe(issued.serial);
    const page = await httpsGet(domain, "/", root);
    expect(page.status).toBe(200);
    expect(page.body).toContain("کوزهٔ لعابی");
    expect((await httpsGet(domain, "/api/v1/store", root)).body).toContain(store.id);

    const status = await runJson<CertificateView>(["ssl", "status", store.slug], env());
    expect(status).toMatchObject({ serial: issued.serial, domain, lastError: null });
    const list = await runJson<{ certificates: CertificateView[] }>(["ssl", "list"], env());
    expect(list.certificates.map((c) => c.domain)).toEqual([domain]);

    // The worker's sweep, run as if the certificate had 10 days left: a new certificate from a new validation, served at once.
    const now = new Date(new Date(issued.notAfter).getTime() - 10 * 86_400_000);
    const renewStarted = Date.now();
    const [renewal] = await renewDueCertificates(workerPlatform(), now);
    const renewSeconds = (Date.now() - renewStarted) / 1000;
    expect(renewal).toMatchObject({ domain, renewed: true });
    expect(renewal!.serial).not.toBe(issued.serial);
    expect(await servedSerial(domain, root, renewal!.serial!)).toBe(renewal!.serial);
    // Nothing is due now: the sweep at the real time renews nothing.
    expect(await renewDueCertificates(workerPlatform())).toEqual([]);

    // The domain stops resolving: the renewal fails, is recorded and shown, and nginx keeps serving the last certificate.
    dns.zone.a.delete(domain);
    const [failure] = await renewDueCertificates(workerPlatform(), now);
    expect(failure).toMatchObject({ domain, renewed: false });
    const failed = await runJson<CertificateView>(["ssl", "status", store.slug], env());
    expect(failed.serial).toBe(renewal!.serial);
    expect(failed.lastError).toMatch(/ACME/);
    expect(failed.failedAt).not.toBeNull();
    expect((await runCli(["ssl", "status", store.slug], env())).stdout).toMatch(/^Renewal: +FAILED at /m);
    expect((await httpsGet(domain, "/", root)).serial).toBe(renewal!.serial);

    process.stdout.write(
      `Pebble: issue through the CLI ${issueSeconds.toFixed(1)} s, renewal by the worker's sweep ${renewSeconds.toFixed(1)} s\n`,
    );
  });

  it("answers ACME challenges from the database for any Host, and 404 for unknown tokens", async () => {
    await test.platform.dataSource.query(
      "INSERT INTO acme_challenges (token, key_authorization, domain) VALUES ('tok-en_1', 'tok-en_1.thumb', 'any.example')",
    );
    const known = await app.request("GET", "/.well-known/acme-challenge/tok-en_1", { host: "unknown.example.com" });
    expect(known.status).toBe(200);
    expect(known.text).toBe("tok-en_1.thumb");
    expect((await app.request("GET", "/.well-known/acme-challenge/nope", { host: "x" })).status).toBe(404);
    expect((await app.request("GET", "/.well-known/acme-challenge/..%2Fetc", { host: "x" })).status).toBe(404);
  });

  it("refuses bad input with one line and exit 1", async () => {
    const bare = await buildStore(test.platform.dataSource);
    const results = await Promise.all([
      runCli(["ssl", "issue", "no-such-store"], env()),
      runCli(["ssl", "issue", bare.slug], env()),
      runCli(["ssl", "status", bare.slug], env()),
      runCli(["ssl", "issue"], env()),
    ]);
    for (const result of results) {
      expect(result.code).toBe(1);
      expect(result.errorLines).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    expect(results.map((r) => r.errorLines[0])).toEqual([
      "Error: store: فروشگاهی با این نشانی پیدا نشد.",
      "Error: store: این فروشگاه دامنهٔ اختصاصی ندارد؛ ابتدا دامنه را اضافه کنید.",
      "Error: store: این فروشگاه هنوز گواهی SSL ندارد؛ با mall ssl issue بگیرید.",
      expect.stringMatching(/^Error: Missing 1 required arg/),
    ]);
  });
});
