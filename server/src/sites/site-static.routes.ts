import type { RequestHandler, Response } from "express";
import { createHash } from "node:crypto";
import { createReadStream, readlinkSync } from "node:fs";
import type { IncomingMessage, ServerResponse } from "node:http";
import { readFile, readlink, stat } from "node:fs/promises";
import { extname, isAbsolute, join, normalize, resolve } from "node:path";
import type { Platform } from "../platform/platform.js";
import { hostName, type StoreResolver } from "../tenancy/store-resolver.js";
import { StoreNotFoundError, StoreSuspendedError } from "../tenancy/tenancy.errors.js";
import { siteCsp } from "./site-csp.js";
import { LANDING_SITE, siteHostsDir, sitePaths } from "./site-paths.js";

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

/** What answers a site request: the live build's files found by the Host's link, and everything else on a store's host. */
export interface SiteStatic {
  /**
   * A file of the live build a Host's link names (`{SITES_DIR}/hosts/{host}`,
   * what nginx serves by), sent as it is with the server's security headers;
   * anything else goes on (next) to the middleware stack and `pages`. A plain
   * node:http listener: it runs ahead of Express itself.
   */
  files: (req: IncomingMessage, res: ServerResponse, next: () => void) => void;
  /** Every other answer on a store's host or the bare platform domain, behind the whole stack: by the store the resolver finds. */
  pages: RequestHandler;
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
 * new folder), so what a file is (its twins, sizes, headers, and a small
 * file's bytes) is looked up once per build and kept; a request reads the
 * `current` link (one readlink, shared by the requests of one turn of the
 * event loop) and, for a file not kept in memory, the file.
 *
 * `files` answers the usual request, a page or asset of a live build, first
 * of all (ahead of Express), as nginx does from disk: the host's link
 * (site-hosts.ts: an active store's addresses and the platform domain) says
 * which folder, so it needs no store lookup, and it writes no log line,
 * request id, metrics or rate limit (as for a file nginx sends); it sends the
 * headers `securityHeaders` lists with the site's CSP. It follows the link as
 * nginx does, so for both a suspended store's pages stop when the
 * site-rebuild listener removes its links. A host without a link (unknown,
 * suspended, not built yet) and a path the build has no file for go through
 * the stack to `pages`, which asks the store resolver and answers the Persian
 * pages, redirects and the build's 404 page, logged as any request.
 */
export function siteStatic(
  platform: Platform & { storeResolver: StoreResolver },
  options: { securityHeaders: ReadonlyArray<readonly [string, string]> },
): SiteStatic {
  const sitesDir = platform.config.SITES_DIR;
  const platformDomain = platform.config.PLATFORM_DOMAIN;
  const hostsDir = siteHostsDir(sitesDir);
  const csp = siteCsp(platform.config);
  // The server's headers with the site's own policy in place of the API's.
  const fixed = options.securityHeaders
    .filter(([name]) => name.toLowerCase() !== "content-security-policy")
    .flatMap(([name, value]) => [name, value]);
  fixed.push("Content-Security-Policy", csp);

  const files: SiteStatic["files"] = (req, res, next) => {
    const url = req.url ?? "";
    const query = url.indexOf("?");
    const path = sitePath(req.method, query < 0 ? url : url.slice(0, query));
    if (typeof path !== "string") return next();
    const name = hostName(req.headers.host ?? "");
    if (!name || !DNS_NAME.test(name)) return next();
    const build = liveBuildSync(`${hostsDir}/${name}/current`);
    if (!build) return next();
    const found = build.known(path);
    if (found !== undefined) return found && found !== "redirect" ? send(req, res, found, 200, fixed) : next();
    build.lookup(path).then((file) => (file && file !== "redirect" ? send(req, res, file, 200, fixed) : next()), next);
  };

  const pages: RequestHandler = async (req, res, next) => {
    const path = sitePath(req.method, req.path);
    if (path === null) return next();
    const host = req.headers.host;
    if (!host) return next();
    // The bare platform domain is the platform's own landing page, built like a store's site.
    const landing = hostName(host) === platformDomain;
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
    if (path === INVALID) return page(res, 400, "نشانی نامعتبر", "نشانی درخواست‌شده معتبر نیست.");
    const build = await liveBuild(sitePaths(sitesDir, siteId).current);
    if (build) {
      const file = await build.lookup(path);
      if (file === "redirect") return res.redirect(301, `${req.path}/${req.url.slice(req.path.length)}`);
      if (file) return send(req, res, file, 200, fixed);
      // An old slug: the build's redirect table (the snapshot's) sends it to the product's or category's address now.
      const moved = await build.redirectFor(path);
      if (moved)
        return res
          .setHeader("Cache-Control", "public, max-age=0, must-revalidate")
          .redirect(301, `${encodeURI(moved)}${req.url.slice(req.path.length)}`);
      const notFound = await build.file("404.html");
      if (notFound) return send(req, res, notFound, 404, fixed);
    }
    if (landing) return page(res, 503, "مال به‌زودی در دسترس است", "صفحهٔ اصلی مال در حال آماده‌سازی است. چند لحظهٔ دیگر دوباره سر بزنید.");
    return page(res, 503, "سایت در حال آماده‌سازی است", "سایت این فروشگاه به‌زودی آماده می‌شود. چند لحظهٔ دیگر دوباره سر بزنید.");
  };

  return { files, pages };
}

/** A DNS name (what a host link may be named): no slash, no empty label, so never `..` or a path. */
const DNS_NAME = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)*$/;
const INVALID = Symbol("invalid path");

/**
 * The site path a request asks for (percent-decoded, normalised), INVALID for
 * one that cannot be (bad escapes, NUL, `..`), or null when it is not a site
 * request at all: another method than GET or HEAD, or a path the server answers itself.
 */
function sitePath(method: string | undefined, requested: string): string | typeof INVALID | null {
  if ((method !== "GET" && method !== "HEAD") || !requested.startsWith("/") || SERVER_PATHS.test(requested)) return null;
  let path: string;
  try {
    path = normalize(decodeURIComponent(requested));
  } catch {
    return INVALID;
  }
  return path.includes("\0") || path.split("/").includes("..") ? INVALID : path;
}

type Encoding = "br" | "gzip" | "identity";

/** One representation of a file: the file itself or a compressed twin. */
interface Representation {
  path: string;
  size: number;
  /** Strong: a hash of the file's bytes, and the encoding for a twin (RFC 9110 §8.8.3: each representation its own). */
  etag: string;
  /** Its answer's headers as writeHead takes them (name, value, …), and those of a 304 (no length, no encoding). */
  head: string[];
  notModified: string[];
}

/** A built file as served: looked up once per build. */
export interface SiteFile {
  name: string;
  /** The encodings it has twins in, in chooseEncoding's order ("br,gzip", "gzip", …; "" for none). */
  twins: string;
  variants: Partial<Record<Encoding, Representation>> & { identity: Representation };
}

type Found = SiteFile | "redirect" | null;

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
  /** What a path is: its lookup while under way, then what it found. */
  private readonly paths = new Map<string, Promise<Found> | Found>();
  private redirects: Promise<Map<string, string>> | undefined;

  constructor(readonly dir: string) {}

  /** The file for a path (`/c/x/` → `c/x/index.html`), "redirect" for a folder without its slash, or null. */
  lookup(path: string): Promise<Found> {
    const known = this.paths.get(path);
    if (known !== undefined) return Promise.resolve(known);
    const found: Promise<Found> = this.find(path)
      .catch(() => null)
      .then((value) => {
        if (this.paths.get(path) === found) this.paths.set(path, value);
        return value;
      });
    if (this.paths.size >= PATHS_PER_BUILD) this.paths.delete(this.paths.keys().next().value!);
    this.paths.set(path, found);
    return found;
  }

  /** What a path was found to be, without waiting; undefined when not looked up yet (or still being looked up). */
  known(path: string): Found | undefined {
    const known = this.paths.get(path);
    return known instanceof Promise ? undefined : known;
  }

  async file(relative: string): Promise<SiteFile | null> {
    const found = await this.lookup(`/${relative}`);
    return found === "redirect" ? null : found;
  }

  private async find(path: string): Promise<Found> {
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
    const twins: Array<{ encoding: Encoding; path: string; size: number; etag: string }> = [];
    for (const [encoding, suffix] of [
      ["br", ".br"],
      ["gzip", ".gz"],
    ] as const) {
      const twin = await stat(`${path}${suffix}`).catch(() => null);
      if (twin?.isFile()) twins.push({ encoding, path: `${path}${suffix}`, size: twin.size, etag: `"${hash}-${suffix.slice(1)}"` });
    }
    const type = TYPES[extname(relative).toLowerCase()] ?? "application/octet-stream";
    const cacheControl = relative.startsWith("_astro/") ? "public, max-age=31536000, immutable" : "public, max-age=0, must-revalidate";
    const representation = (encoding: Encoding, path: string, size: number, etag: string): Representation => {
      const notModified = ["Content-Type", type, "Cache-Control", cacheControl, "ETag", etag];
      if (twins.length > 0) notModified.push("Vary", "Accept-Encoding");
      const head = [...notModified, ...(encoding === "identity" ? [] : ["Content-Encoding", encoding]), "Content-Length", String(size)];
      return { path, size, etag, head, notModified };
    };
    const variants: SiteFile["variants"] = { identity: representation("identity", path, info.size, `"${hash}"`) };
    for (const twin of twins) variants[twin.encoding] = representation(twin.encoding, twin.path, twin.size, twin.etag);
    return { name: relative, twins: twins.map((twin) => twin.encoding).join(","), variants };
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

function buildAt(current: string, target: string): LiveBuild {
  const dir = isAbsolute(target) ? target : resolve(current, "..", target);
  let build = builds.get(dir);
  if (!build) {
    if (builds.size >= BUILDS_KEPT) builds.delete(builds.keys().next().value!);
    build = new LiveBuild(dir);
    builds.set(dir, build);
  }
  return build;
}

/** The live build a site's `current` link points at (one readlink), or null before its first build. */
async function liveBuild(current: string): Promise<LiveBuild | null> {
  const target = await readlink(current).catch(() => null);
  return target === null ? null : buildAt(current, target);
}

/** The links read in this turn of the event loop, and whether their forgetting is scheduled. */
const linksThisTurn = new Map<string, LiveBuild | null>();
let forgetScheduled = false;

/**
 * The same, read in place and once per turn of the event loop: the requests
 * that arrived together (a poll of many connections) share one readlink(2),
 * and the next turn reads the link again, so a request that arrives after a
 * swap sees the new build. A local link's readlink in place costs less than
 * handing it to libuv's thread pool and back, and `files` waits on nothing.
 */
function liveBuildSync(current: string): LiveBuild | null {
  let build = linksThisTurn.get(current);
  if (build !== undefined) return build;
  try {
    build = buildAt(current, readlinkSync(current));
  } catch {
    build = null;
  }
  linksThisTurn.set(current, build);
  if (!forgetScheduled) {
    forgetScheduled = true;
    setImmediate(() => {
      linksThisTurn.clear();
      forgetScheduled = false;
    });
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

function keptBody(representation: Representation): Buffer | undefined {
  const kept = bodies.get(representation.path);
  if (kept) {
    bodies.delete(representation.path);
    bodies.set(representation.path, kept);
  }
  return kept;
}

async function readBody(representation: Representation): Promise<Buffer | null> {
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

/** chooseEncoding's answers by twins and Accept-Encoding: browsers send a handful of different headers, so each is parsed once. */
const chosenEncodings = new Map<string, Encoding>();

function encodingFor(file: SiteFile, header: string | undefined): Encoding {
  if (!file.twins || !header) return "identity";
  const key = `${file.twins}|${header}`;
  let encoding = chosenEncodings.get(key);
  if (encoding === undefined) {
    encoding = chooseEncoding(header, new Set(Object.keys(file.variants) as Encoding[]));
    if (chosenEncodings.size >= 256) chosenEncodings.clear();
    chosenEncodings.set(key, encoding);
  }
  return encoding;
}

/** Sends a file's representation for the request: `fixed` (the server's headers and the site's CSP), then the file's own. */
function send(req: IncomingMessage, res: ServerResponse, file: SiteFile, status: number, fixed: string[]): void {
  const chosen = file.variants[encodingFor(file, req.headers["accept-encoding"])]!;
  const ifNoneMatch = req.headers["if-none-match"];
  if (status === 200 && ifNoneMatch && matches(ifNoneMatch, chosen.etag)) {
    res.writeHead(304, fixed.concat(chosen.notModified)).end();
    return;
  }
  res.writeHead(status, fixed.concat(chosen.head));
  if (req.method === "HEAD") {
    res.end();
    return;
  }
  const kept = keptBody(chosen);
  if (kept) {
    res.end(kept);
    return;
  }
  readBody(chosen).then(
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
