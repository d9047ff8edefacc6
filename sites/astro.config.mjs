// @ts-check
import react from "@astrojs/react";
import tailwindcss from "@tailwindcss/vite";
import { defineConfig } from "astro/config";

/**
 * One Astro project builds every store's site: the build job points
 * MALL_SNAPSHOT at the store's catalog snapshot and MALL_SITE_ORIGIN at its
 * address, and chooses the output folder.
 */
export default defineConfig({
  site: process.env.MALL_SITE_ORIGIN ?? "http://demo.mall.localhost:3000",
  output: "static",
  trailingSlash: "always",
  build: { format: "directory", inlineStylesheets: "never" },
  integrations: [react()],
  vite: { plugins: [tailwindcss()] },
  devToolbar: { enabled: false },
  // Hashes of the inline island scripts go into a CSP <meta>, so the site runs under a policy without unsafe-inline.
  security: { csp: true },
});
