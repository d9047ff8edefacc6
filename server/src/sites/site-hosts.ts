import { mkdir, readlink, rename, rm, symlink } from "node:fs/promises";
import { join } from "node:path";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import { Store } from "../tenancy/store.entity.js";
import { LANDING_SITE, siteHostsDir, sitePaths } from "./site-paths.js";

/**
 * `{SITES_DIR}/hosts/{host}` links each address of an active store (its
 * subdomain and its verified custom domain) to the store's folder, so nginx
 * serves a site with one `root …/hosts/$host/current;` line — no per-store
 * configuration, however many stores there are. A suspended store, or a
 * removed domain, loses its links and falls through to the server, which
 * answers with the right Persian page.
 */
export async function syncHostLinks(
  dataSource: DataSource,
  config: Pick<Config, "SITES_DIR" | "PLATFORM_DOMAIN">,
  storeId: string,
  previousHosts: string[] = [],
): Promise<string[]> {
  const store = await dataSource.getRepository(Store).findOneBy({ id: storeId });
  const hostsDir = siteHostsDir(config.SITES_DIR);
  await mkdir(hostsDir, { recursive: true });
  const wanted =
    store && store.status === "active"
      ? [`${store.slug}.${config.PLATFORM_DOMAIN}`, ...(store.customDomain && store.customDomainVerified ? [store.customDomain] : [])]
      : [];
  for (const host of previousHosts.filter((h) => !wanted.includes(h))) await rm(join(hostsDir, host), { force: true });
  if (!store) return [];
  const target = sitePaths(config.SITES_DIR, store.id).root;
  for (const host of wanted) await linkHost(hostsDir, host, target);
  if (store.status !== "active") {
    await rm(join(hostsDir, `${store.slug}.${config.PLATFORM_DOMAIN}`), { force: true });
    if (store.customDomain) await rm(join(hostsDir, store.customDomain), { force: true });
  }
  return wanted;
}

/** `hosts/{PLATFORM_DOMAIN}` → the landing page's folder, so nginx serves the bare domain as it serves a store. */
export async function syncLandingHostLink(config: Pick<Config, "SITES_DIR" | "PLATFORM_DOMAIN">): Promise<void> {
  const hostsDir = siteHostsDir(config.SITES_DIR);
  await mkdir(hostsDir, { recursive: true });
  await linkHost(hostsDir, config.PLATFORM_DOMAIN, sitePaths(config.SITES_DIR, LANDING_SITE).root);
}

/** Points a host's link at a site folder: a new link under a temporary name, renamed over the old one. */
async function linkHost(hostsDir: string, host: string, target: string): Promise<void> {
  const link = join(hostsDir, host);
  if ((await readlink(link).catch(() => null)) === target) return;
  const temporary = `${link}.tmp`;
  await rm(temporary, { force: true });
  await symlink(target, temporary, "dir");
  await rename(temporary, link);
}
