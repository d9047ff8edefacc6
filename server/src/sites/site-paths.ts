import { resolve } from "node:path";

/**
 * Where a store's site lives on disk: `{SITES_DIR}/{storeId}/builds/{buildId}`
 * for each build, and `current`, a symbolic link to the live one. Swapping
 * the link is one rename(2), so a visitor sees the old site or the new one,
 * never a half-written folder.
 */
export function sitePaths(sitesDir: string, storeId: string) {
  const root = resolve(sitesDir, storeId);
  return {
    root,
    builds: resolve(root, "builds"),
    current: resolve(root, "current"),
    build: (buildId: string) => resolve(root, "builds", buildId),
    snapshot: (buildId: string) => resolve(root, "builds", `${buildId}.snapshot.json`),
  };
}

/** The folder under SITES_DIR of the platform's own landing page; store folders are UUIDs, so it never collides. */
export const LANDING_SITE = "_landing";

/**
 * `{SITES_DIR}/hosts`: one link per address of an active store (and the bare
 * platform domain) to its site folder (site-hosts.ts), what nginx's root and
 * the server's static files are found by.
 */
export function siteHostsDir(sitesDir: string): string {
  return resolve(sitesDir, "hosts");
}
