// @ts-check
import preact from "@astrojs/preact";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "astro/config";
import { readFileSync } from "node:fs";

/**
 * One Astro project builds every store's site: the build job points
 * MALL_SNAPSHOT at the store's catalog snapshot and MALL_SITE_ORIGIN at its
 * address, and chooses the output folder.
 *
 * It also builds the platform's landing page (MALL_SITE_KIND=landing, with a
 * landing snapshot). Astro routes every file under `{srcDir}/pages`, so the
 * landing gets its own source folder, src/landing with its own pages/, rather
 * than pages mixed into the stores' routes behind a flag; it imports the
 * shared styles, formatters and Picture component from src/ like any module.
 * One project keeps one toolchain (Tailwind, Preact, the CSP hashing, Vazirmatn)
 * and one builder (build-site.ts, the `current` swap) for both.
 */
const landing = process.env.MALL_SITE_KIND === "landing";

/**
 * Where a page's pictures may come from, in the page's CSP <meta>: the site
 * itself, and the eNamad seal's origin only for a store that has a seal.
 * The server's and nginx's header (server/src/sites/site-csp.ts) names the
 * seal's origin for every store; a browser enforces both policies, so a
 * store without a seal loads nothing from it.
 */
function imageSources() {
  const sources = ["'self'", "data:", "blob:"];
  const file = process.env.MALL_SNAPSHOT;
  if (!landing && file) {
    const snapshot = JSON.parse(readFileSync(file, "utf8"));
    if (snapshot.store?.enamad?.imageUrl) sources.push(new URL(snapshot.store.enamad.imageUrl).origin);
  }
  return sources.join(" ");
}

/**
 * @astrojs/preact always hands @preact/preset-vite a `babel` option, which
 * turns on a Babel pass over every .ts and .tsx module of the site. Vite's
 * own transformer compiles the same JSX (tsconfig's react-jsx; react is
 * preact/compat here) to the same pages and scripts, and a store's build
 * took about twice as long with Babel: this drops that pass.
 * @returns {import("vite").Plugin}
 */
function withoutBabel() {
  return {
    name: "mall:preact-without-babel",
    configResolved(config) {
      const jsx = config.plugins.find((plugin) => plugin.name === "vite:preact-jsx");
      if (jsx) Object.assign(jsx, { transform: undefined });
    },
  };
}

/**
 * Tags each island (src/islands/*.tsx, src/landing/islands/*.tsx: Preact
 * components, each its module's `export default function`) as Preact's in
 * the build's server code. Astro renders an untagged framework component once
 * more to learn which renderer it belongs to (@astrojs/preact's check()
 * renders it to a string), so each island, the header's two on every page
 * among them, was rendered twice: 5 % of a 10,000-product store's build.
 * The browser's code is left as it is.
 * @returns {import("vite").Plugin}
 */
function taggedIslands() {
  return {
    name: "mall:tagged-islands",
    enforce: "pre",
    transform(code, id, options) {
      const server = this.environment ? this.environment.config.consumer === "server" : options?.ssr;
      if (!server || !/\/src\/(landing\/)?islands\/[^/]+\.tsx$/.test(id)) return;
      const name = /^export default function (\w+)/m.exec(code)?.[1];
      if (!name) return;
      return { code: `${code}\n${name}[Symbol.for("astro:renderer")] = "@astrojs/preact";\n`, map: null };
    },
  };
}

export default defineConfig({
  srcDir: landing ? "./src/landing" : "./src",
  site: process.env.MALL_SITE_ORIGIN ?? "http://demo.mall.localhost:3000",
  output: "static",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "never" },
  // The islands are written against React's API and run on Preact (preact/compat aliases react and react-dom):
  // about 10 KiB of gzip instead of react-dom's 64, which every store page loaded (script bootup and TBT on phones).
  integrations: [preact({ compat: true })],
  vite: { plugins: [tailwindcss(), withoutBabel(), taggedIslands()] },
  devToolbar: { enabled: false },
  // Hashes of the inline island scripts go into a CSP <meta>, so the site runs under a policy without unsafe-inline.
  security: { csp: { directives: [/** @type {`img-src ${string}`} */ (`img-src ${imageSources()}`)] } },
});
