import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { NGINX_PROXY_SETTINGS, renderNginxConfig } from "@mall/server/sites/nginx-config.js";
import { NGINX } from "@mall/server/test/nginx-server.js";
import { useTestPlatform } from "@mall/server/test/test-platform.js";
import { cliEnv, runCli, runJson } from "../../test/run-cli.js";

const run = promisify(execFile);
const test = useTestPlatform();
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "mall-nginx-cli-"));
  // A stand-in for the platform's wildcard certificate (issued by DNS-01 elsewhere), as nginx reads it.
  await run("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "1",
    "-keyout",
    join(dir, "privkey.pem"),
    "-out",
    join(dir, "fullchain.pem"),
    "-subj",
    "/CN=*.mall.test",
  ]);
});
afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** `nginx -t` of a generated block, included from a minimal main file in its own prefix. */
async function nginxAccepts(block: string): Promise<string> {
  const prefix = await mkdtemp(join(dir, "prefix-"));
  await writeFile(join(prefix, "mall-proxy.conf"), NGINX_PROXY_SETTINGS);
  await writeFile(join(prefix, "mall.conf"), block);
  await writeFile(
    join(prefix, "nginx.conf"),
    `pid ${prefix}/nginx.pid; error_log ${prefix}/error.log; events {} http { include /etc/nginx/mime.types; include ${prefix}/mall.conf; }`,
  );
  const { stderr } = await run(NGINX, ["-t", "-p", prefix, "-c", join(prefix, "nginx.conf")]);
  return stderr;
}

describe("mall nginx config", { timeout: 120_000 }, () => {
  it("prints the main block; with the platform certificate configured it adds the wildcard HTTPS block, and nginx accepts both", async () => {
    const args = [
      "nginx",
      "config",
      "--upstream",
      "10.0.0.1:3000",
      "--upstream",
      "10.0.0.2:3000",
      "--sites-dir",
      "/srv/sites",
      "--domains-dir",
      join(dir, "domains"),
    ];
    const plain = await runCli(args, cliEnv(test.config, { PLATFORM_DOMAIN: "mall.test" }));
    expect(plain.code).toBe(0);
    expect(plain.stdout.trimEnd()).toBe(
      renderNginxConfig({
        upstreams: ["10.0.0.1:3000", "10.0.0.2:3000"],
        sitesDir: "/srv/sites",
        listen: "80",
        domainsDir: join(dir, "domains"),
      }).trimEnd(),
    );
    expect(plain.stdout).toContain(`include ${join(dir, "domains")}/*.conf;`);
    expect(plain.stdout).not.toContain("ssl_certificate");

    const tlsEnv = cliEnv(test.config, {
      PLATFORM_DOMAIN: "mall.test",
      PLATFORM_TLS_CERT_FILE: join(dir, "fullchain.pem"),
      PLATFORM_TLS_KEY_FILE: join(dir, "privkey.pem"),
      NGINX_TLS_LISTEN: "127.0.0.1:8443 ssl",
    });
    const { config } = await runJson<{ config: string }>(args, tlsEnv);
    expect(config).toContain("listen 127.0.0.1:8443 ssl;\n  server_name mall.test *.mall.test;");
    expect(config).toContain(`ssl_certificate ${join(dir, "fullchain.pem")};`);
    expect(config).toContain(`ssl_certificate_key ${join(dir, "privkey.pem")};`);
    expect(await nginxAccepts(config)).toContain("syntax is ok");

    const proxy = await runCli(["nginx", "config", "--proxy-settings"], cliEnv(test.config));
    expect(proxy.stdout.trimEnd()).toBe(NGINX_PROXY_SETTINGS.trimEnd());
  });

  it("refuses a bad upstream or half a certificate with one line and exit 1", async () => {
    const [upstream, halfCertificate] = await Promise.all([
      runCli(["nginx", "config", "--upstream", "server"], cliEnv(test.config)),
      runCli(["nginx", "config"], cliEnv(test.config, { PLATFORM_TLS_CERT_FILE: join(dir, "fullchain.pem") })),
    ]);
    for (const result of [upstream, halfCertificate]) {
      expect(result.code).toBe(1);
      expect(result.errorLines).toHaveLength(1);
      expect(result.stdout).toBe("");
    }
    expect(upstream.errorLines[0]).toBe('Error: upstream: "server" is not host:port (see --help)');
    expect(halfCertificate.errorLines[0]).toBe("Configuration error: PLATFORM_TLS_KEY_FILE is required with the other PLATFORM_TLS_* file");
  });
});
