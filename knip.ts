import type { KnipConfig } from "knip";

/**
 * `npm run check` runs knip for dependencies only: every workspace declares
 * the packages it imports, and nothing declared goes unused. Every source
 * file counts as an entry (unused files and exports are not its job here).
 */
const config: KnipConfig = {
  include: ["dependencies", "devDependencies", "unlisted", "binaries", "unresolved"],
  // System commands the tests start (util-linux `script` for a terminal, Docker Compose's config check).
  ignoreBinaries: ["script", "docker-compose"],
  // Stylesheets import packages too (`@import "tailwindcss"`).
  compilers: {
    css: (text: string) => [...text.matchAll(/@import\s+["']([^"']+)["']/g)].map(([, name]) => `import "${name}";`).join("\n"),
  },
  workspaces: {
    ".": { entry: ["scripts/*.ts"], project: ["scripts/**/*.ts"] },
    locale: { entry: ["src/**/*.ts"], project: ["src/**/*.ts"] },
    server: { entry: ["src/**/*.ts"], project: ["src/**/*.ts"] },
    admin: { entry: ["src/**/*.{ts,tsx}"], project: ["src/**/*.{ts,tsx}"] },
    cli: { entry: ["bin/*.js", "src/**/*.ts"], project: ["bin/*.js", "src/**/*.ts"] },
    bots: { entry: ["src/**/*.ts"], project: ["src/**/*.ts"] },
    sites: {
      entry: ["src/**/*.{ts,tsx,astro,css}"],
      project: ["src/**/*.{ts,tsx,astro,css}"],
      // Astro's server build imports `cookie` (2.x: parseCookie) and Vite resolves it from the site's folder, not
      // Astro's: without this pin it finds Express's cookie 0.7 at the root and every site build fails.
      ignoreDependencies: ["cookie"],
    },
    e2e: { entry: ["**/*.ts"], project: ["**/*.ts"] },
  },
};

export default config;
