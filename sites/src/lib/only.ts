import { readFileSync } from "node:fs";

/**
 * Incremental builds: MALL_ONLY names a JSON file listing the paths of the
 * dynamic pages to build this time (`/p/shirt/`, `/c/t-shirts/page/2/`). Pages
 * with getStaticPaths build only those; the build job hard-links every other
 * file from the last good build. Unset, everything is built.
 * Read on every call, never cached: one process may run a partial build and
 * then a full one, and Node keeps an unchanged page chunk's module loaded.
 */
export function onlySelected<T>(paths: T[], urlOf: (path: T) => string): T[] {
  const file = process.env.MALL_ONLY;
  if (!file) return paths;
  const wanted = new Set(JSON.parse(readFileSync(file, "utf8")) as string[]);
  return paths.filter((path) => wanted.has(urlOf(path)));
}
