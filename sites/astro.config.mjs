// @ts-check
import react from "@astrojs/react";
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
 * One project keeps one toolchain (Tailwind, React, the CSP hashing, Vazirmatn)
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

export default defineConfig({
  srcDir: landing ? "./src/landing" : "./src",
  site: process.env.MALL_SITE_ORIGIN ?? "http://demo.mall.localhost:3000",
  output: "static",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "never" },
  integrations: [react()],
  vite: { plugins: [tailwindcss()] },
  devToolbar: { enabled: false },
  // Hashes of the inline island scripts go into a CSP <meta>, so the site runs under a policy without unsafe-inline.
  security: { csp: { directives: [/** @type {`img-src ${string}`} */ (`img-src ${imageSources()}`)] } },
});
