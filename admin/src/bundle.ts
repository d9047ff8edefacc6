import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { Logger } from "@mall/server/platform/logger.js";
import AdminJS from "adminjs";

const here = dirname(fileURLToPath(import.meta.url));
/** The workspace's root (admin/): file names in the content hash are relative to it, so the hash does not depend on where the app lies. */
const ADMIN_ROOT = resolve(here, "..");
const COMPONENTS = join(here, "components");
/** @mall/locale's sources, which the components import (formatters, labels). */
const LOCALE = resolve(here, "../../locale/src");
/**
 * Where the image keeps the bundle it built at build time (`node
 * admin/src/build-bundle.js` in the Dockerfile; `npm run build:admin` in a
 * checkout): admin/bundle/, beside the sources, read-only at run time.
 */
export const PREBUILT_BUNDLE_DIR = join(ADMIN_ROOT, "bundle");
const LOCK_STALE_MS = 180_000;

export interface ComponentsBundle {
  file: string;
  hash: string;
  /** How long this process spent bundling (0 when it reused a bundle). */
  buildMs: number;
}

/**
 * The browser bundle of the back office's custom components, built once per
 * content. A bundle built at build time (PREBUILT_BUNDLE_DIR) with the same
 * content hash is served as it is: the server then never loads the bundler
 * (rollup, babel), which would stay in its memory for the process's life.
 * Otherwise (a checkout, tests) it is built into `folder`: its name carries a hash of the generated entry, every component
 * source, the AdminJS version and NODE_ENV, so a bundle on disk is reused as
 * long as nothing it is made of changed (test runs, restarts, replicas
 * sharing the folder) and rebuilt otherwise. Processes that need it at the
 * same moment build it once: one takes a lock folder, the others wait for
 * the file. It is written under a temporary name and renamed into place, so
 * nobody reads half a bundle.
 *
 * We bundle ourselves rather than through AdminJS's `bundleComponents`
 * route because that route serves whatever bundle exists (a stale one after
 * a change) and its production path reads `.adminjs`, a dot-folder Express 5
 * will not send.
 */
export async function ensureComponentsBundle(
  admin: AdminJS,
  folder: string,
  logger?: Logger,
  options: { prebuilt?: string } = {},
): Promise<ComponentsBundle> {
  // The hash is of the entry as seen from the workspace's root, wherever the bundle is written.
  const hash = await contentHash(componentsEntry(admin, ADMIN_ROOT));
  const prebuilt = join(options.prebuilt ?? PREBUILT_BUNDLE_DIR, `components.${hash}.js`);
  if (existsSync(prebuilt)) return { file: prebuilt, hash, buildMs: 0 };
  const dir = resolve(folder);
  await mkdir(dir, { recursive: true });
  const file = join(dir, `components.${hash}.js`);
  if (existsSync(file)) return { file, hash, buildMs: 0 };
  const { AssetBundler, componentsBundler } = await import("adminjs/bundler");
  const entry = componentsEntry(admin, dir);

  const lock = join(dir, `components.${hash}.lock`);
  for (;;) {
    try {
      await mkdir(lock);
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      if (existsSync(file)) return { file, hash, buildMs: 0 };
      const age = Date.now() - (await stat(lock).catch(() => ({ mtimeMs: Date.now() }))).mtimeMs;
      if (age > LOCK_STALE_MS) await rm(lock, { recursive: true, force: true });
      else await new Promise((done) => setTimeout(done, 200));
    }
  }
  try {
    if (existsSync(file)) return { file, hash, buildMs: 0 };
    const started = Date.now();
    const entryFile = join(dir, `entry.${hash}.js`);
    const temporary = join(dir, `components.${hash}.${process.pid}.tmp.js`);
    await writeFile(entryFile, entry);
    const input = componentsBundler.inputOptions;
    const bundler = new AssetBundler(
      { ...input, input: entryFile, plugins: [typescriptSuffixes(), ...(input.plugins ?? [])] },
      { ...componentsBundler.outputOptions, file: temporary },
    );
    await bundler.build();
    await rename(temporary, file);
    await rm(entryFile, { force: true });
    const buildMs = Date.now() - started;
    logger?.info({ file, ms: buildMs }, "admin: custom components bundled");
    await removeOtherBundles(dir, hash);
    return { file, hash, buildMs };
  } finally {
    await rm(lock, { recursive: true, force: true });
  }
}

/** What the components are made of: their folder, @mall/locale, and the server modules they import by package name (leaf modules: labels, fields). */
async function contentHash(entry: string): Promise<string> {
  const hash = createHash("sha256")
    .update(entry)
    .update(process.env.NODE_ENV ?? "")
    .update("adminjs@7.8.17");
  const components = await filesUnder(COMPONENTS);
  const imported = new Set<string>();
  for (const file of components) {
    const text = await readFile(file);
    hash.update(relative(ADMIN_ROOT, file)).update(text);
    for (const [, specifier] of text.toString("utf8").matchAll(/from "(@mall\/server\/[^"]+)"/g)) {
      const module = serverModule(specifier!);
      if (module) imported.add(module);
    }
  }
  // The server module's compiled file in the image, its source in a checkout: named without the suffix.
  for (const file of [...imported].sort()) hash.update(relative(ADMIN_ROOT, file).replace(/\.[jt]s$/, "")).update(await readFile(file));
  for (const file of await filesUnder(LOCALE)) hash.update(relative(ADMIN_ROOT, file)).update(await readFile(file));
  return hash.digest("hex").slice(0, 16);
}

/**
 * What AdminJS's `generateUserComponentEntry` (adminjs/bundler) writes: the
 * components map and imports relative to `dir`. Written here because that
 * module's package entry loads the whole bundler (rollup, babel) with it.
 */
function componentsEntry(admin: AdminJS, dir: string): string {
  const { env = {} } = admin.options;
  admin.componentLoader.__unsafe_merge(AdminJS.__unsafe_staticComponentLoader);
  const components = admin.componentLoader.getComponents();
  const setup = "AdminJS.UserComponents = {}\n";
  const envPart = Object.keys(env)
    .map((key) => `AdminJS.env.${key} = ${JSON.stringify(env[key])}\n`)
    .join("");
  const imports = Object.keys(components)
    .map((id) => {
      const url = relative(dir, components[id]!).split(sep).join("/");
      return [`import ${id} from '${url}'`, `AdminJS.UserComponents.${id} = ${id}`].join("\n");
    })
    .join("\n");
  return setup + envPart + imports;
}

/**
 * The file behind `@mall/server/x.js`, as server/package.json's exports map
 * it (./src/x.js): the compiled file in the production image, its `.ts`
 * source in a checkout. The two workspaces sit side by side in both layouts.
 */
function serverModule(specifier: string): string | null {
  const file = resolve(here, "../../server/src", specifier.slice("@mall/server/".length));
  for (const candidate of [file, file.replace(/\.js$/, ".ts")]) if (existsSync(candidate)) return candidate;
  return null;
}

async function filesUnder(path: string): Promise<string[]> {
  const info = await stat(path);
  if (!info.isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true });
  const nested = await Promise.all(entries.sort((a, b) => a.name.localeCompare(b.name)).map((entry) => filesUnder(join(path, entry.name))));
  return nested.flat();
}

async function removeOtherBundles(dir: string, keep: string): Promise<void> {
  for (const name of await readdir(dir)) {
    if (/^components\.[0-9a-f]{16}\.js$/.test(name) && !name.includes(keep)) await rm(join(dir, name), { force: true });
  }
}

/**
 * Our TypeScript imports its own modules with `.js` suffixes (NodeNext);
 * rollup looks for exactly that file, so point it at the `.ts` source. The
 * server's modules come by package name (`@mall/server/…`).
 */
function typescriptSuffixes() {
  return {
    name: "mall-typescript-suffixes",
    resolveId(source: string, importer: string | undefined): string | null {
      if (source.startsWith("@mall/server/")) return serverModule(source);
      if (!importer || !source.startsWith(".") || !source.endsWith(".js")) return null;
      for (const extension of [".ts", ".tsx"]) {
        const candidate = resolve(dirname(importer), `${source.slice(0, -3)}${extension}`);
        if (existsSync(candidate)) return candidate;
      }
      return null;
    },
  };
}
