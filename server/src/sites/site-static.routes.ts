import type { RequestHandler, Response } from "express";
import { readFile, realpath, stat } from "node:fs/promises";
import { join, normalize } from "node:path";
import type { Platform } from "../platform/platform.js";
import type { StoreResolver } from "../tenancy/store-resolver.js";
import { StoreNotFoundError, StoreSuspendedError } from "../tenancy/tenancy.errors.js";
import { siteCsp } from "./site-csp.js";
import { LANDING_SITE, sitePaths } from "./site-paths.js";

/** Paths the server answers itself on every host; everything else on a store's host is its site. */
const SERVER_PATHS = /^\/(api|admin|media|healthz|readyz|metrics|\.well-known)(\/|$)/;

function page(res: Response, status: number, title: string, message: string): void {
  res
    .status(status)
    .type("html")
    .setHeader("Cache-Control", "no-store")
    .send(
      `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title></head>` +
        `<body style="font-family:Vazirmatn,Tahoma,sans-serif;text-align:center;padding:4rem 1rem;color:#333"><h1>${title}</h1><p>${message}</p></body></html>`,
    );
}

/**
 * Serves each store's built site by Host from `{SITES_DIR}/{storeId}/current`,
 * and the platform's landing page on the bare PLATFORM_DOMAIN from
 * `{SITES_DIR}/_landing/current`.
 * Hashed assets (`/_astro/…`) are cached for a year; HTML is revalidated on
 * every visit so a new build shows at once. Nothing per store is held in
 * memory: the folder is found from the (cached) store lookup on each request.
 */
export function siteStatic(platform: Platform & { storeResolver: StoreResolver }): RequestHandler {
  const sitesDir = platform.config.SITES_DIR;
  const platformDomain = platform.config.PLATFORM_DOMAIN;
  const csp = siteCsp(platform.config);
  return async (req, res, next) => {
    if ((req.method !== "GET" && req.method !== "HEAD") || SERVER_PATHS.test(req.path)) return next();
    const host = req.headers.host;
    if (!host) return next();
    // The bare platform domain is the platform's own landing page, built like a store's site.
    const landing = host.trim().toLowerCase().replace(/:\d+$/, "").replace(/\.$/, "") === platformDomain;
    if (!landing && !platform.storeResolver.keyForHost(host)) return next();
    let siteId = LANDING_SITE;
    if (!landing) {
      try {
        siteId = (await platform.storeResolver.resolve({ host })).id;
      } catch (error) {
        if (error instanceof StoreSuspendedError)
          return page(res, 410, "فروشگاه غیرفعال است", "این فروشگاه موقتاً غیرفعال شده است. لطفاً بعداً سر بزنید.");
        if (error instanceof StoreNotFoundError) return page(res, 404, "فروشگاه پیدا نشد", "فروشگاهی با این نشانی در مال وجود ندارد.");
        return next(error);
      }
    }
    const root = sitePaths(sitesDir, siteId).current;
    let path: string;
    try {
      path = normalize(decodeURIComponent(req.path));
    } catch {
      return page(res, 400, "نشانی نامعتبر", "نشانی درخواست‌شده معتبر نیست.");
    }
    if (path.includes("\0") || path.split("/").includes("..")) return page(res, 400, "نشانی نامعتبر", "نشانی درخواست‌شده معتبر نیست.");
    const file = await findFile(root, path);
    if (file === "redirect") return res.redirect(301, `${req.path}/${req.url.slice(req.path.length)}`);
    if (file) return send(res, root, file, 200, csp);
    // An old slug: the build's redirect table (the snapshot's) sends it to the product's or category's address now.
    const moved = await redirectFor(root, path);
    if (moved)
      return res
        .setHeader("Cache-Control", "public, max-age=0, must-revalidate")
        .redirect(301, `${encodeURI(moved)}${req.url.slice(req.path.length)}`);
    if (await exists(join(root, "404.html"))) return send(res, root, "404.html", 404, csp);
    if (landing) return page(res, 503, "مال به‌زودی در دسترس است", "صفحهٔ اصلی مال در حال آماده‌سازی است. چند لحظهٔ دیگر دوباره سر بزنید.");
    return page(res, 503, "سایت در حال آماده‌سازی است", "سایت این فروشگاه به‌زودی آماده می‌شود. چند لحظهٔ دیگر دوباره سر بزنید.");
  };
}

/** Redirect tables of the builds seen lately, by build folder (a new build is a new folder). */
const redirectTables = new Map<string, Map<string, string>>();

/**
 * Where an old address now lives: `/p/old/` → `/p/new/`, and everything under
 * an old category (`/c/old/red/`, `/c/old/page/2/`) under its new slug.
 * Read from the live build's `redirects.json` (sites/src/pages/redirects.json.ts).
 */
export async function redirectFor(root: string, path: string): Promise<string | null> {
  let build: string;
  try {
    build = await realpath(root);
  } catch {
    return null;
  }
  let table = redirectTables.get(build);
  if (!table) {
    try {
      const entries = JSON.parse(await readFile(join(build, "redirects.json"), "utf8")) as Array<{ from: string; to: string }>;
      table = new Map(entries.map((entry) => [entry.from, entry.to]));
    } catch {
      table = new Map();
    }
    if (redirectTables.size >= 200) redirectTables.delete(redirectTables.keys().next().value!);
    redirectTables.set(build, table);
  }
  if (table.size === 0) return null;
  const withSlash = path.endsWith("/") ? path : `${path}/`;
  const exact = table.get(withSlash);
  if (exact) return exact;
  const category = /^(\/c\/[^/]+\/)(.+)$/.exec(withSlash);
  const moved = category ? table.get(category[1]!) : undefined;
  return moved ? `${moved}${category![2]}` : null;
}

async function exists(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** The file for a path (`/c/x/` → `c/x/index.html`), "redirect" for a folder without its slash, or null. */
async function findFile(root: string, path: string): Promise<string | "redirect" | null> {
  const relative = path.replace(/^\/+/, "");
  if (relative === "" || path.endsWith("/"))
    return (await exists(join(root, relative, "index.html"))) ? join(relative, "index.html") : null;
  if (await exists(join(root, relative))) return relative;
  if (await exists(join(root, relative, "index.html"))) return "redirect";
  return null;
}

function send(res: Response, root: string, file: string, status: number, csp: string): void {
  const immutable = file.startsWith("_astro/");
  res.status(status);
  res.sendFile(file, {
    root,
    dotfiles: "deny",
    headers: {
      "Cache-Control": immutable ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
      "Content-Security-Policy": csp,
    },
  });
}
