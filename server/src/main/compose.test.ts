import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configSchema, parseConfig } from "../config/config.js";

const root = resolve(import.meta.dirname, "../../..");

/** What an operator puts in .env, as the top of docker-compose.yml says (random, never a default). */
const secrets = {
  JWT_SECRET: randomBytes(48).toString("base64"),
  PAYMENT_SECRET_KEY: randomBytes(48).toString("base64"),
  EMALLS_TOKEN_SECRET: randomBytes(48).toString("base64"),
  POSTGRES_PASSWORD: randomBytes(24).toString("hex"),
  MINIO_ROOT_PASSWORD: randomBytes(24).toString("hex"),
};

/** `docker compose config` (with the optional read replica's profile) where the Compose v2 plugin exists, Debian's docker-compose otherwise. */
function composeConfig(env: Record<string, string> = secrets): string {
  const base = Object.fromEntries(Object.entries(process.env).filter(([key]) => !(key in secrets)));
  const options = {
    cwd: root,
    encoding: "utf8" as const,
    env: { ...base, ...env },
    stdio: ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"],
  };
  try {
    return execFileSync("docker", ["compose", "--profile", "replica", "-f", "docker-compose.yml", "config"], options);
  } catch {
    return execFileSync("docker-compose", ["--profile", "replica", "-f", "docker-compose.yml", "config"], options);
  }
}

interface ComposeService {
  image?: string;
  command?: string[];
  environment?: Record<string, string>;
  healthcheck?: unknown;
  restart?: string;
  depends_on?: Record<string, { condition: string }>;
  deploy?: { replicas?: number };
  profiles?: string[];
}

const compose = parse(composeConfig()) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const knownVariables = new Set(Object.keys(configSchema.in.shape));
const entrypoint = readFileSync(resolve(root, "deploy/docker-entrypoint.sh"), "utf8");

describe("docker-compose.yml", () => {
  it("is valid for docker compose and runs every part of the platform", () => {
    expect(Object.keys(compose.services).sort()).toEqual([
      "bot",
      "clamav",
      "migrate",
      "minio",
      "minio-setup",
      "nginx",
      "pgbouncer",
      "postgres",
      "postgres-replica",
      "redis",
      "server",
      "worker",
    ]);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(["postgres-data", "redis-data", "minio-data", "clamav-data"]));
  });

  it("has no default secret: without them it refuses, naming the variable and how to make one", () => {
    let message = "";
    try {
      composeConfig({});
    } catch (error) {
      message = String((error as { stderr?: string }).stderr ?? error);
    }
    expect(message).toMatch(/(JWT_SECRET|PAYMENT_SECRET_KEY|EMALLS_TOKEN_SECRET|POSTGRES_PASSWORD|MINIO_ROOT_PASSWORD)/);
    expect(message).toMatch(/openssl rand/);
    const text = readFileSync(resolve(root, "docker-compose.yml"), "utf8");
    expect(text).not.toMatch(/change-me|mall-minio-secret|POSTGRES_PASSWORD:-/);
  });

  it("gives the server the secrets it was started with, and production accepts them", () => {
    const environment = compose.services.server!.environment ?? {};
    expect(environment.JWT_SECRET).toBe(secrets.JWT_SECRET);
    expect(environment.PAYMENT_SECRET_KEY).toBe(secrets.PAYMENT_SECRET_KEY);
    expect(environment.EMALLS_TOKEN_SECRET).toBe(secrets.EMALLS_TOKEN_SECRET);
    expect(parseConfig(environment).NODE_ENV).toBe("production");
  });

  it("publishes no MinIO port, and lets anonymous readers get only public/ objects (no listing)", () => {
    const minio = compose.services.minio as ComposeService & { ports?: unknown[] };
    expect(minio.ports ?? []).toEqual([]);
    const setup = String((compose.services["minio-setup"] as { command?: string[] }).command?.join(" "));
    expect(setup).not.toMatch(/anonymous set (download|public)/);
    const policy = JSON.parse(setup.match(/printf '(\{.*?\})'/)![1]!.replace("%s", "mall-media")) as {
      Statement: Array<{ Action: string[]; Resource: string[] }>;
    };
    expect(policy.Statement.flatMap((s) => s.Action)).toEqual(["s3:GetObject"]);
    expect(policy.Statement.flatMap((s) => s.Resource)).toEqual(["arn:aws:s3:::mall-media/public/*"]);
    const environment = compose.services.server!.environment ?? {};
    expect(environment.MEDIA_PUBLIC_URL).toBe("/media");
    expect(environment.NGINX_MEDIA_UPSTREAM).toBe("http://minio:9000/mall-media");
  });

  it("puts PgBouncer (transaction pooling) between the app and PostgreSQL, migrations straight to PostgreSQL, and a replica only on request", () => {
    for (const role of ["server", "worker", "bot"]) {
      expect(new URL(compose.services[role]!.environment!.DATABASE_URL!).host).toBe("pgbouncer:5432");
      expect(compose.services[role]!.depends_on).toMatchObject({ pgbouncer: { condition: "service_healthy" } });
    }
    expect(new URL(compose.services.migrate!.environment!.DATABASE_URL!).host).toBe("postgres:5432");
    expect(compose.services.pgbouncer!.environment).toMatchObject({ POOL_MODE: "transaction", DB_HOST: "postgres" });
    expect(compose.services["postgres-replica"]!.profiles).toEqual(["replica"]);
    expect(compose.services["postgres-replica"]!.command!.join(" ")).toMatch(/pg_basebackup -h postgres .* -R /);
    // No replica unless the operator names one: every read on the primary.
    expect(parseConfig(compose.services.server!.environment!).DATABASE_REPLICA_URLS).toEqual([]);
  });

  it("runs several server and worker replicas, and one bot (a Telegram bot has one long-polling reader)", () => {
    expect(compose.services.server!.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(compose.services.worker!.deploy?.replicas).toBeGreaterThanOrEqual(2);
    expect(compose.services.bot!.deploy?.replicas ?? 1).toBe(1);
  });

  it("keeps media in the MinIO bucket it creates, and scans uploads with the clamd service", () => {
    const environment = compose.services.server!.environment ?? {};
    expect(environment).toMatchObject({ MEDIA_STORAGE: "s3", S3_ENDPOINT: "http://minio:9000", CLAMD_HOST: "clamav" });
    expect(compose.services["minio-setup"]!.environment?.S3_BUCKET).toBe(environment.S3_BUCKET);
    expect(compose.services.server!.depends_on).toMatchObject({
      "minio-setup": { condition: "service_completed_successfully" },
      clamav: { condition: "service_healthy" },
    });
  });

  it.each(["server", "worker", "bot", "migrate"])("runs %s from the one image with a role the entry point knows", (name) => {
    const service = compose.services[name]!;
    expect(service.image).toBe("mall:latest");
    const role = service.command?.[0];
    expect(role).toBe(name);
    expect(entrypoint).toMatch(new RegExp(`\\b${role}\\b`));
    const file = role === "migrate" ? "server/src/db/migrate.ts" : `server/src/main/${role}.ts`;
    expect(existsSync(resolve(root, file))).toBe(true);
  });

  it.each(["server", "worker", "bot", "migrate"])("gives %s only variables the configuration reads, and valid ones", (name) => {
    const environment = compose.services[name]!.environment ?? {};
    const unknown = Object.keys(environment).filter((key) => !knownVariables.has(key));
    expect(unknown).toEqual([]);
    expect(() => parseConfig(environment)).not.toThrow();
  });

  it("waits for healthy PostgreSQL and Redis and a finished migration, and restarts what stops", () => {
    for (const name of ["server", "worker", "bot"]) {
      const service = compose.services[name]!;
      expect(service.restart).toBe("unless-stopped");
      expect(service.depends_on).toMatchObject({
        postgres: { condition: "service_healthy" },
        redis: { condition: "service_healthy" },
        migrate: { condition: "service_completed_successfully" },
      });
    }
    for (const name of ["postgres", "pgbouncer", "redis", "server", "minio"]) expect(compose.services[name]!.healthcheck).toBeTruthy();
  });
});

describe("the nginx config in deploy/", () => {
  it("is what `mall nginx config` generates for the compose services, and nginx reads the built sites", async () => {
    const { renderNginxConfig, NGINX_PROXY_SETTINGS } = await import("../sites/nginx-config.js");
    const generated = renderNginxConfig({
      upstreams: ["server:3000"],
      sitesDir: "/app/.data/sites",
      listen: "80",
      domainsDir: "/app/.data/nginx/domains",
      mediaUpstream: "http://minio:9000/mall-media",
    });
    expect(readFileSync(resolve(root, "deploy/nginx/mall.conf"), "utf8").trimEnd()).toBe(generated.trimEnd());
    expect(readFileSync(resolve(root, "deploy/nginx/mall-proxy.conf"), "utf8").trimEnd()).toBe(NGINX_PROXY_SETTINGS.trimEnd());
    const nginx = compose.services.nginx as ComposeService & { volumes?: string[] };
    const volumes = (nginx.volumes ?? []).map(String).join("\n");
    expect(volumes).toContain("/etc/nginx/conf.d/default.conf");
    expect(volumes).toContain("/etc/nginx/mall-proxy.conf");
    expect(volumes).toMatch(/mall-data:\/app\/\.data:ro/);
    // Custom domains: the blocks and certificates the app writes to the shared volume, picked up by nginx's own watch.
    const server = compose.services.server!.environment ?? {};
    expect(parseConfig(server).NGINX_DOMAINS_DIR).toBe("/app/.data/nginx/domains");
    expect(parseConfig(server).SSL_DIR).toBe("/app/.data/ssl");
    expect(String((nginx as { command?: string[] }).command?.join(" "))).toMatch(/nginx -t && nginx -s reload/);
  });
});
