import { execFile } from "node:child_process";
import { access, constants, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { delimiter, isAbsolute, join, resolve } from "node:path";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import type { Config } from "../config/config.js";
import { createDataSource } from "../db/data-source.js";
import { createStorage } from "../media/create-storage.js";
import { NGINX_PROXY_SETTINGS, renderNginxConfig } from "../sites/nginx-config.js";

/** One line of `mall doctor`. */
export interface Check {
  name: string;
  ok: boolean;
  detail: string;
}

const TIMEOUT_MS = 5000;

/**
 * Everything the platform needs, checked the way the platform uses it:
 * PostgreSQL (and whether migrations are pending), Redis, nginx (the binary,
 * and `nginx -t` of the configuration `mall nginx config` generates), media
 * storage, and each configured provider (SMS, the payment gateways stores use
 * or the environment names, Telegram's Bot API). Each check has its own
 * timeout and never throws: the report is complete even when everything is down.
 */
export async function runDoctor(config: Config, env: NodeJS.ProcessEnv = process.env): Promise<Check[]> {
  const database = await checkDatabase(config);
  const checks: Array<Promise<Check | Check[]>> = [
    Promise.resolve(database.check),
    checkRedis(config),
    checkNginx(config),
    checkStorage(config),
    checkSms(config),
    checkGateways(config, env, database.gateways),
    checkTelegram(config),
  ];
  return (await Promise.all(checks)).flat();
}

async function checkDatabase(config: Config): Promise<{ check: Check; gateways: string[] }> {
  const dataSource = createDataSource({ url: config.DATABASE_URL, applicationName: "mall-doctor", poolSize: 1 });
  const target = describeUrl(config.DATABASE_URL);
  try {
    await withTimeout(dataSource.initialize(), TIMEOUT_MS);
    const version = (await dataSource.query<Array<{ server_version: string }>>("SHOW server_version"))[0]?.server_version ?? "?";
    const pending = await dataSource.showMigrations();
    const gateways = (
      await dataSource.query<Array<{ gateway: string }>>("SELECT DISTINCT gateway FROM store_payment_gateways").catch(() => [])
    ).map((row) => row.gateway);
    const ok = !pending;
    return {
      check: {
        name: "PostgreSQL",
        ok,
        detail: `${target}, version ${version}${ok ? ", migrations up to date" : ": migrations pending (run mall migrate)"}`,
      },
      gateways,
    };
  } catch (error) {
    return { check: { name: "PostgreSQL", ok: false, detail: `${target}: ${reason(error)}` }, gateways: [] };
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
  }
}

async function checkRedis(config: Config): Promise<Check> {
  const redis = new Redis(config.REDIS_URL, {
    lazyConnect: true,
    connectTimeout: 2000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  // ioredis rejects with "Connection is closed"; the cause (ECONNREFUSED, auth) arrives as an error event first.
  let cause: unknown;
  redis.on("error", (error: unknown) => (cause ??= error));
  try {
    await withTimeout(redis.connect(), TIMEOUT_MS).catch((error: unknown) => {
      throw cause ?? error;
    });
    const info = await redis.info("server");
    return { name: "Redis", ok: true, detail: `${describeUrl(config.REDIS_URL)}, version ${/redis_version:(\S+)/.exec(info)?.[1] ?? "?"}` };
  } catch (error) {
    return { name: "Redis", ok: false, detail: `${describeUrl(config.REDIS_URL)}: ${reason(error)}` };
  } finally {
    redis.disconnect();
  }
}

/**
 * The nginx binary NGINX_TEST_COMMAND names, and `nginx -t` of the generated
 * configuration in a scratch prefix: proves this nginx accepts what Mall
 * writes (and can read the platform certificate, if configured) without
 * touching the live configuration.
 */
async function checkNginx(config: Config): Promise<Check> {
  const binary = await findExecutable(config.NGINX_TEST_COMMAND.split(/\s+/)[0]!);
  if (!binary) return { name: "nginx", ok: false, detail: `${config.NGINX_TEST_COMMAND.split(/\s+/)[0]} not found (NGINX_TEST_COMMAND)` };
  const prefix = await mkdtemp(join(tmpdir(), "mall-doctor-nginx-"));
  try {
    const platformTls =
      config.PLATFORM_TLS_CERT_FILE && config.PLATFORM_TLS_KEY_FILE
        ? {
            domain: config.PLATFORM_DOMAIN,
            certFile: resolve(config.PLATFORM_TLS_CERT_FILE),
            keyFile: resolve(config.PLATFORM_TLS_KEY_FILE),
            listen: "127.0.0.1:1 ssl",
          }
        : undefined;
    await writeFile(join(prefix, "mall-proxy.conf"), NGINX_PROXY_SETTINGS);
    await writeFile(
      join(prefix, "mall.conf"),
      renderNginxConfig({
        upstreams: ["127.0.0.1:1"],
        sitesDir: resolve(config.SITES_DIR),
        listen: "127.0.0.1:1",
        gateways: config,
        platformTls,
      }),
    );
    const mimeTypes = (await exists("/etc/nginx/mime.types")) ? "include /etc/nginx/mime.types;" : "";
    await writeFile(
      join(prefix, "nginx.conf"),
      `pid ${prefix}/nginx.pid; error_log ${prefix}/error.log; events {} http { ${mimeTypes} access_log off; client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy; fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi; include ${prefix}/mall.conf; }`,
    );
    const { stderr } = await promisify(execFile)(binary, ["-t", "-q", "-p", prefix, "-c", join(prefix, "nginx.conf")], {
      timeout: TIMEOUT_MS,
    });
    const version = await promisify(execFile)(binary, ["-v"], { timeout: TIMEOUT_MS }).then(
      ({ stderr: out }) => out.trim().replace(/^nginx version: /, ""),
      () => "",
    );
    return {
      name: "nginx",
      ok: true,
      detail: `${binary} (${version}): the generated configuration passes nginx -t${stderr.trim() ? ` (${lastLine(stderr)})` : ""}`,
    };
  } catch (error) {
    return {
      name: "nginx",
      ok: false,
      detail: `${binary}: nginx -t of the generated configuration failed: ${lastLine((error as { stderr?: string }).stderr || reason(error))}`,
    };
  } finally {
    await rm(prefix, { recursive: true, force: true });
  }
}

async function checkStorage(config: Config): Promise<Check> {
  if (config.MEDIA_STORAGE === "local") {
    const dir = resolve(config.MEDIA_DIR);
    try {
      await mkdir(dir, { recursive: true });
      const probe = join(dir, `.doctor-${process.pid}`);
      await writeFile(probe, "ok");
      await rm(probe);
      return { name: "Storage", ok: true, detail: `local folder ${dir} is writable` };
    } catch (error) {
      return { name: "Storage", ok: false, detail: `local folder ${dir}: ${reason(error)}` };
    }
  }
  const storage = await createStorage(config);
  try {
    // HeadObject of a key that need not exist: answers only when the bucket is there and the credentials work.
    await withTimeout(storage.exists(".doctor-probe"), TIMEOUT_MS);
    return { name: "Storage", ok: true, detail: `S3 bucket ${config.S3_BUCKET} at ${config.S3_ENDPOINT ?? "AWS"} is reachable` };
  } catch (error) {
    return { name: "Storage", ok: false, detail: `S3 bucket ${config.S3_BUCKET} at ${config.S3_ENDPOINT ?? "AWS"}: ${reason(error)}` };
  } finally {
    await storage.close();
  }
}

async function checkSms(config: Config): Promise<Check> {
  if (config.SMS_PROVIDER === "console") return { name: "SMS", ok: true, detail: "console driver (messages are logged, nothing is sent)" };
  const base = config.SMS_PROVIDER === "kavenegar" ? config.KAVENEGAR_BASE_URL : config.SMSIR_BASE_URL;
  return reachable(`SMS (${config.SMS_PROVIDER})`, base);
}

const GATEWAY_URLS = {
  zarinpal: "ZARINPAL_BASE_URL",
  mellat: "MELLAT_BASE_URL",
  saman: "SAMAN_BASE_URL",
  parsian: "PARSIAN_BASE_URL",
} as const;

/** The gateways some store uses, and any whose address the environment sets. */
async function checkGateways(config: Config, env: NodeJS.ProcessEnv, used: string[]): Promise<Check[]> {
  const names = Object.entries(GATEWAY_URLS).filter(([gateway, variable]) => used.includes(gateway) || Boolean(env[variable]));
  return Promise.all(names.map(([gateway, variable]) => reachable(`Gateway ${gateway}`, config[variable])));
}

/** With a bot token, getMe through TELEGRAM_API_ROOT must answer ok (this also proves the relay or proxy). */
async function checkTelegram(config: Config): Promise<Check[]> {
  if (!config.TELEGRAM_BOT_TOKEN) return [];
  const name = "Telegram";
  try {
    const response = await fetch(`${config.TELEGRAM_API_ROOT}/bot${config.TELEGRAM_BOT_TOKEN}/getMe`, {
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
    const body = (await response.json()) as { ok: boolean; result?: { username?: string }; description?: string };
    if (!body.ok)
      return [{ name, ok: false, detail: `${config.TELEGRAM_API_ROOT}: getMe refused: ${body.description ?? response.status}` }];
    return [{ name, ok: true, detail: `${config.TELEGRAM_API_ROOT}: bot @${body.result?.username ?? "?"}` }];
  } catch (error) {
    return [{ name, ok: false, detail: `${config.TELEGRAM_API_ROOT}: ${reason(error)}` }];
  }
}

/** Any HTTP answer means the host is reachable from here (its API needs credentials and a real request to say more). */
async function reachable(name: string, url: string): Promise<Check> {
  try {
    const response = await fetch(url, { method: "HEAD", redirect: "manual", signal: AbortSignal.timeout(TIMEOUT_MS) });
    return { name, ok: true, detail: `${url} answers (HTTP ${response.status})` };
  } catch (error) {
    return { name, ok: false, detail: `${url}: ${reason(error)}` };
  }
}

async function findExecutable(name: string): Promise<string | null> {
  const candidates =
    isAbsolute(name) || name.includes("/")
      ? [resolve(name)]
      : [...(process.env.PATH ?? "").split(delimiter), "/usr/sbin", "/usr/local/sbin"].map((dir) => join(dir, name));
  for (const candidate of candidates)
    if (
      await access(candidate, constants.X_OK).then(
        () => true,
        () => false,
      )
    )
      return candidate;
  return null;
}

const exists = (path: string) =>
  access(path).then(
    () => true,
    () => false,
  );

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms))),
  ]).finally(() => clearTimeout(timer));
}

/** The error's own words, one line; fetch hides the real cause (ECONNREFUSED…) one level down. */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const message = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return message.replace(/\s+/g, " ").trim() || (error as { code?: string }).code || "failed";
}

function lastLine(text: string): string {
  return text
    .trim()
    .split("\n")
    .at(-1)!
    .replace(/^nginx: /, "");
}

/** A connection URL without its password. */
function describeUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.hostname}:${parsed.port || (parsed.protocol.startsWith("redis") ? 6379 : 5432)}${parsed.pathname.length > 1 ? parsed.pathname : ""}`;
}
