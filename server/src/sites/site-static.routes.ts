import type { RequestHandler, Response } from "express";
import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { readFile, readlink, stat } from "node:fs/promises";
import { extname, isAbsolute, join, normalize, resolve } from "node:path";
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
 * every visit so a new build shows at once. Text files are sent as the
 * brotli or gzip twin the build wrote beside them (sites/src/lib/precompress.ts),
 * chosen by Accept-Encoding, with a strong ETag per representation and 304
 * on If-None-Match. A build folder never changes once live (a new build is a
 * new folder), so what a file is (its twins, sizes, ETag) is looked up once
 * per build and kept; each request reads the `current` link (one readlink)
 * and, for a file not kept in memory, the file itself.
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
    let path: string;
    try {
      path = normalize(decodeURIComponent(req.path));
    } catch {
      return page(res, 400, "نشانی نامعتبر", "نشانی درخواست‌شده معتبر نیست.");
    }
    if (path.includes("\0") || path.split("/").includes("..")) return page(res, 400, "نشانی نامعتبر", "نشانی درخواست‌شده معتبر نیست.");
    const build = await liveBuild(sitePaths(sitesDir, siteId).current);
    if (build) {
      const file = await build.lookup(path);
      if (file === "redirect") return res.redirect(301, `${req.path}/${req.url.slice(req.path.length)}`);
      if (file) return send(req.method, req.headers, res, file, 200, csp);
      // An old slug: the build's redirect table (the snapshot's) sends it to the product's or category's address now.
      const moved = await build.redirectFor(path);
      if (moved)
        return res
          .setHeader("Cache-Control", "public, max-age=0, must-revalidate")
          .redirect(301, `${encodeURI(moved)}${req.url.slice(req.path.length)}`);
      const notFound = await build.file("404.html");
      if (notFound) return send(req.method, req.headers, res, notFound, 404, csp);
    }
    if (landing) return page(res, 503, "مال به‌زودی در دسترس است", "صفحهٔ اصلی مال در حال آماده‌سازی است. چند لحظهٔ دیگر دوباره سر بزنید.");
    return page(res, 503, "سایت در حال آماده‌سازی است", "سایت این فروشگاه به‌زودی آماده می‌شود. چند لحظهٔ دیگر دوباره سر بزنید.");
  };
}

type Encoding = "br" | "gzip" | "identity";

/** One representation of a file: the file itself or a compressed twin. */
interface Representation {
  path: string;
  size: number;
  /** Strong: a hash of the file's bytes, and the encoding for a twin (RFC 9110 §8.8.3: each representation its own). */
  etag: string;
}

/** A built file as served: looked up once per build. */
export interface SiteFile {
  name: string;
  type: string;
  cacheControl: string;
  /** Sent with Vary: Accept-Encoding when the build wrote twins for it. */
  variants: Partial<Record<Encoding, Representation>> & { identity: Representation };
}

const TYPES: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".xml": "application/xml; charset=utf-8",
  ".txt": "text/plain; charset=utf-8",
  ".svg": "image/svg+xml",
  ".webmanifest": "application/manifest+json",
  ".woff2": "font/woff2",
  ".woff": "font/woff",
  ".png": "image/png",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
  ".webp": "image/webp",
  ".avif": "image/avif",
  ".gif": "image/gif",
  ".ico": "image/x-icon",
};

/** Files, misses included, remembered per build; past this many the oldest are forgotten (a crawler's made-up paths cannot grow it without end). */
const PATHS_PER_BUILD = 20_000;
/** Builds remembered (the live one of each store lately visited); a new build is a new folder, so an old one only ages out. */
const BUILDS_KEPT = 200;
/** Bytes of small files kept in memory across builds, and the largest file kept. */
const BODY_CACHE_BYTES = 24 << 20;
const BODY_CACHE_FILE = 256 << 10;

class LiveBuild {
  private readonly paths = new Map<string, Promise<SiteFile | "redirect" | null>>();
  private redirects: Promise<Map<string, string>> | undefined;

  constructor(readonly dir: string) {}

  /** The file for a path (`/c/x/` → `c/x/index.html`), "redirect" for a folder without its slash, or null. */
  lookup(path: string): Promise<SiteFile | "redirect" | null> {
    let found = this.paths.get(path);
    if (!found) {
      found = this.find(path).catch(() => null);
      if (this.paths.size >= PATHS_PER_BUILD) this.paths.delete(this.paths.keys().next().value!);
      this.paths.set(path, found);
    }
    return found;
  }

  async file(relative: string): Promise<SiteFile | null> {
    const found = await this.lookup(`/${relative}`);
    return found === "redirect" ? null : found;
  }

  private async find(path: string): Promise<SiteFile | "redirect" | null> {
    const relative = path.replace(/^\/+/, "");
    if (relative === "" || path.endsWith("/")) return this.describe(join(relative, "index.html"));
    const file = await this.describe(relative);
    if (file) return file;
    return (await isFile(join(this.dir, relative, "index.html"))) ? "redirect" : null;
  }

  private async describe(relative: string): Promise<SiteFile | null> {
    // Twins are served for their file, never asked for by name; dot-files never.
    if (/\.(br|gz)$/.test(relative) || relative.split("/").some((part) => part.startsWith("."))) return null;
    const path = join(this.dir, relative);
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return null;
    const hash = createHash("sha256")
      .update(await readFile(path))
      .digest("base64url")
      .slice(0, 27);
    const variants: SiteFile["variants"] = { identity: { path, size: info.size, etag: `"${hash}"` } };
    for (const [encoding, suffix] of [
      ["br", ".br"],
      ["gzip", ".gz"],
    ] as const) {
      const twin = await stat(`${path}${suffix}`).catch(() => null);
      if (twin?.isFile()) variants[encoding] = { path: `${path}${suffix}`, size: twin.size, etag: `"${hash}-${suffix.slice(1)}"` };
    }
    const immutable = relative.startsWith("_astro/");
    return {
      name: relative,
      type: TYPES[extname(relative).toLowerCase()] ?? "application/octet-stream",
      cacheControl: immutable ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate",
      variants,
    };
  }

  /**
   * Where an old address now lives: `/p/old/` → `/p/new/`, and everything under
   * an old category (`/c/old/red/`, `/c/old/page/2/`) under its new slug.
   * Read once per build from its `redirects.json` (sites/src/pages/redirects.json.ts).
   */
  async redirectFor(path: string): Promise<string | null> {
    this.redirects ??= readFile(join(this.dir, "redirects.json"), "utf8")
      .then((text) => new Map((JSON.parse(text) as Array<{ from: string; to: string }>).map((entry) => [entry.from, entry.to])))
      .catch(() => new Map<string, string>());
    const table = await this.redirects;
    if (table.size === 0) return null;
    const withSlash = path.endsWith("/") ? path : `${path}/`;
    const exact = table.get(withSlash);
    if (exact) return exact;
    const category = /^(\/c\/[^/]+\/)(.+)$/.exec(withSlash);
    const moved = category ? table.get(category[1]!) : undefined;
    return moved ? `${moved}${category![2]}` : null;
  }
}

const builds = new Map<string, LiveBuild>();

/** The live build a site's `current` link points at (one readlink), or null before its first build. */
async function liveBuild(current: string): Promise<LiveBuild | null> {
  let target: string;
  try {
    target = await readlink(current);
  } catch {
    return null;
  }
  const dir = isAbsolute(target) ? target : resolve(current, "..", target);
  let build = builds.get(dir);
  if (!build) {
    if (builds.size >= BUILDS_KEPT) builds.delete(builds.keys().next().value!);
    build = new LiveBuild(dir);
    builds.set(dir, build);
  }
  return build;
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** Small files' bytes, most recently used last; bounded by BODY_CACHE_BYTES. */
const bodies = new Map<string, Buffer>();
let bodyBytes = 0;

async function body(representation: Representation): Promise<Buffer | null> {
  const kept = bodies.get(representation.path);
  if (kept) {
    bodies.delete(representation.path);
    bodies.set(representation.path, kept);
    return kept;
  }
  if (representation.size > BODY_CACHE_FILE) return null;
  const bytes = await readFile(representation.path);
  bodies.set(representation.path, bytes);
  bodyBytes += bytes.length;
  for (const [path, old] of bodies) {
    if (bodyBytes <= BODY_CACHE_BYTES) break;
    bodies.delete(path);
    bodyBytes -= old.length;
  }
  return bytes;
}

/**
 * The best encoding the client accepts among those the file has: brotli,
 * then gzip, then the file itself (RFC 9110 §12.5.3: q=0 refuses one, `*`
 * stands for the ones not named).
 */
export function chooseEncoding(header: string | undefined, available: ReadonlySet<Encoding>): Encoding {
  if (!header) return "identity";
  const weights = new Map<string, number>();
  for (const part of header.split(",")) {
    const [name, ...params] = part.trim().toLowerCase().split(";");
    if (!name) continue;
    const q = params.map((p) => /^\s*q=([0-9.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name, q === undefined ? 1 : Number(q));
  }
  const weight = (name: string) => weights.get(name) ?? weights.get("*") ?? 0;
  for (const encoding of ["br", "gzip"] as const) if (available.has(encoding) && weight(encoding) > 0) return encoding;
  return "identity";
}

function send(
  method: string,
  headers: Record<string, string | string[] | undefined>,
  res: Response,
  file: SiteFile,
  status: number,
  csp: string,
): void {
  const available = new Set(Object.keys(file.variants) as Encoding[]);
  const encoding = chooseEncoding(headers["accept-encoding"] as string | undefined, available);
  const chosen = file.variants[encoding]!;
  res.setHeader("Content-Type", file.type);
  res.setHeader("Cache-Control", file.cacheControl);
  res.setHeader("Content-Security-Policy", csp);
  res.setHeader("ETag", chosen.etag);
  if (available.size > 1) res.setHeader("Vary", "Accept-Encoding");
  const ifNoneMatch = headers["if-none-match"] as string | undefined;
  if (status === 200 && ifNoneMatch && matches(ifNoneMatch, chosen.etag)) {
    res.status(304).end();
    return;
  }
  res.status(status);
  if (encoding !== "identity") res.setHeader("Content-Encoding", encoding);
  res.setHeader("Content-Length", chosen.size);
  if (method === "HEAD") {
    res.end();
    return;
  }
  body(chosen).then(
    (bytes) => {
      if (bytes) res.end(bytes);
      else
        createReadStream(chosen.path)
          .on("error", () => res.destroy())
          .pipe(res);
    },
    () => res.destroy(),
  );
}

/** If-None-Match against one strong tag (weak comparison, as RFC 9110 §13.1.2 asks). */
function matches(header: string, etag: string): boolean {
  if (header.trim() === "*") return true;
  return header.split(",").some((tag) => tag.trim().replace(/^W\//, "") === etag);
}
