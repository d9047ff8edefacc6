import { mkdir, readlink, rename, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import { Store } from "../tenancy/store.entity.js";
import { sitePaths } from "./site-paths.js";

/**
 * `{SITES_DIR}/hosts/{host}` links each address of an active store (its
 * subdomain and its verified custom domain) to the store's folder, so nginx
 * serves a site with one `root …/hosts/$host/current;` line — no per-store
 * configuration, however many stores there are. A suspended store, or a
 * removed domain, loses its links and falls through to the server, which
 * answers with the right Persian page.
 */
export async function syncHostLinks(dataSource: DataSource, config: Pick<Config, "SITES_DIR" | "PLATFORM_DOMAIN">, storeId: string, previousHosts: string[] = []): Promise<string[]> {
  const store = await dataSource.getRepository(Store).findOneBy({ id: storeId });
  const hostsDir = join(config.SITES_DIR, "hosts");
  await mkdir(hostsDir, { recursive: true });
  const wanted =
    store && store.status === "active"
      ? [`${store.slug}.${config.PLATFORM_DOMAIN}`, ...(store.customDomain && store.customDomainVerified ? [store.customDomain] : [])]
      : [];
  for (const host of previousHosts.filter((h) => !wanted.includes(h))) await rm(join(hostsDir, host), { force: true });
  if (!store) return [];
  const target = sitePaths(config.SITES_DIR, store.id).root;
  for (const host of wanted) {
    const link = join(hostsDir, host);
    const current = await readlink(link).catch(() => null);
    if (current === target) continue;
    const temporary = `${link}.tmp`;
    await rm(temporary, { force: true });
    await symlink(target, temporary, "dir");
    await rename(temporary, link);
  }
  if (store.status !== "active") {
    await rm(join(hostsDir, `${store.slug}.${config.PLATFORM_DOMAIN}`), { force: true });
    if (store.customDomain) await rm(join(hostsDir, store.customDomain), { force: true });
  }
  return wanted;
}
