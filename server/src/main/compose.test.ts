import { execFileSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { configSchema, parseConfig } from "../config/config.js";

const root = resolve(import.meta.dirname, "../../..");

/** `docker compose config` where the Compose v2 plugin exists, Debian's docker-compose otherwise. */
function composeConfig(): string {
  const options = { cwd: root, encoding: "utf8" as const, stdio: ["ignore", "pipe", "pipe"] as ["ignore", "pipe", "pipe"] };
  try {
    return execFileSync("docker", ["compose", "-f", "docker-compose.yml", "config"], options);
  } catch {
    return execFileSync("docker-compose", ["-f", "docker-compose.yml", "config"], options);
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
}

const compose = parse(composeConfig()) as { services: Record<string, ComposeService>; volumes: Record<string, unknown> };
const knownVariables = new Set(Object.keys(configSchema.in.shape));
const entrypoint = readFileSync(resolve(root, "deploy/docker-entrypoint.sh"), "utf8");

describe("docker-compose.yml", () => {
  it("is valid for docker compose and runs every part of the platform", () => {
    expect(Object.keys(compose.services).sort()).toEqual(["bot", "clamav", "migrate", "minio", "minio-setup", "nginx", "postgres", "redis", "server", "worker"]);
    expect(Object.keys(compose.volumes)).toEqual(expect.arrayContaining(["postgres-data", "redis-data", "minio-data", "clamav-data"]));
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
    expect(compose.services.server!.depends_on).toMatchObject({ "minio-setup": { condition: "service_completed_successfully" }, clamav: { condition: "service_healthy" } });
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
    for (const name of ["postgres", "redis", "server", "minio"]) expect(compose.services[name]!.healthcheck).toBeTruthy();
  });
});

describe("the nginx config in deploy/", () => {
  it("is what `mall nginx config` generates for the compose services, and nginx reads the built sites", async () => {
    const { renderNginxConfig, NGINX_PROXY_SETTINGS } = await import("../sites/nginx-config.js");
    const generated = renderNginxConfig({ upstreams: ["server:3000"], sitesDir: "/app/.data/sites", listen: "80", domainsDir: "/app/.data/nginx/domains" });
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
