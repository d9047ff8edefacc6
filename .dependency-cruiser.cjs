// @ts-check
/**
 * The layers of DESIGN.md ("Dependencies point one way"), checked by
 * `npm run check` (depcruise): each rule's name is what a violation prints.
 *
 *   main/ (composition roots) → surfaces (http/, admin, cli, bots, jobs) →
 *   domains → core and @mall/locale → nothing of the project
 *
 * Tests (*.test.ts), the test support folders and benchmarks may reach
 * anything; the rules are about the code that ships.
 */

/** Server folders that are not domains: the surfaces, the composition roots, test support and benchmarks. */
const NOT_DOMAIN = "^server/src/(http|main|test|bench)/";
const TEST_CODE = "(\\.test\\.tsx?$|^[^/]+/src/test/|^server/src/bench/|^e2e/)";

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: "no-cycle",
      comment:
        "An import cycle: two modules that need each other. Move the shared part (an interface, a factory) into a module of its own.",
      severity: "error",
      from: {},
      to: { circular: true },
    },
    {
      name: "core-imports-nothing-of-the-project",
      comment: "server/src/core is the bottom layer: it may import node modules and packages, never another part of the project.",
      severity: "error",
      from: { path: "^server/src/core/" },
      to: { path: "^(locale|server|admin|cli|bots|sites|e2e|scripts)/", pathNot: "^server/src/core/" },
    },
    {
      name: "locale-imports-nothing-of-the-project",
      comment: "@mall/locale sits beside core at the bottom: Persian and Iran facts for every workspace, importing none of them.",
      severity: "error",
      from: { path: "^locale/" },
      to: { path: "^(server|admin|cli|bots|sites|e2e|scripts)/" },
    },
    {
      name: "domain-not-to-surfaces",
      comment:
        "Domain code (services, entities, jobs, rules) never imports a surface or a process entry point: http/, main/, admin, cli, bots or sites.",
      severity: "error",
      from: { path: "^server/src/", pathNot: [NOT_DOMAIN, TEST_CODE, "\\.routes\\.ts$"] },
      // The one thing a domain takes from a surface: the store sites' snapshot schema (the contract the site build
      // writes to), by type only and by package name (@mall/sites/snapshot, @mall/sites/landing-snapshot).
      to: {
        path: ["^server/src/(http|main)/", "^(admin|cli|bots|sites)/"],
        pathNot: "^sites/src/(lib/snapshot|landing/landing-snapshot)\\.ts$",
      },
    },
    {
      name: "routes-only-http-route-definition",
      comment:
        "A domain's *.routes.ts is its HTTP surface: it may use http/'s route definition and validation, nothing else of http/, and never main/, admin, cli, bots or sites.",
      severity: "error",
      from: { path: "^server/src/(?!http/|main/)[^/]+/.*\\.routes\\.ts$" },
      to: {
        path: [
          "^server/src/main/",
          "^(admin|cli|bots|sites)/",
          "^server/src/http/(?!(route|validation|types|request-context|rate-limit)\\.ts$)",
        ],
      },
    },
    {
      name: "domain-not-to-express",
      comment: "Express is the HTTP surface's business: domain code outside *.routes.ts never imports it (types included).",
      severity: "error",
      from: { path: "^server/src/", pathNot: [NOT_DOMAIN, TEST_CODE, "\\.routes\\.ts$"] },
      to: { path: "node_modules/(@types/)?express(-serve-static-core)?/" },
    },
    {
      name: "only-main-assembles",
      comment:
        "The server mounts the back office and the bots only in its composition root (server/src/main); anywhere else it would make a workspace cycle.",
      severity: "error",
      from: { path: "^server/src/", pathNot: ["^server/src/main/", TEST_CODE] },
      to: { path: "^(admin|bots|cli)/" },
    },
    {
      name: "sites-not-to-server",
      comment: "Store sites read the catalog snapshot and @mall/locale; they never import server/src (or any other workspace's sources).",
      severity: "error",
      from: { path: "^sites/" },
      to: { path: "^(server|admin|cli|bots)/" },
    },
    {
      name: "workspaces-through-package-entry",
      comment:
        "admin, cli, bots and e2e import the server (and each other) by package name (@mall/server/…, through its package.json exports), never by a relative path into another workspace's folder.",
      severity: "error",
      from: { path: "^(admin|cli|bots|e2e)/" },
      to: { path: "^(server|admin|cli|bots|sites|e2e)/", pathNot: "^$1/", dependencyTypes: ["local"] },
    },
    {
      name: "server-reaches-workspaces-by-package-name",
      comment:
        "The server's shipped code reaches another workspace (@mall/sites' snapshot schema, @mall/locale) by package name, never by a relative path into its folder.",
      severity: "error",
      from: { path: "^server/", pathNot: TEST_CODE },
      to: { path: "^(locale|admin|cli|bots|sites|e2e)/", dependencyTypes: ["local"] },
    },
    {
      name: "production-not-to-test-code",
      comment:
        "Shipped code never imports tests, test support (src/test/) or benchmarks (server/src/bench/): they stay out of the production build.",
      severity: "error",
      from: { path: "^(server|admin|cli|bots)/src/", pathNot: TEST_CODE },
      to: { path: TEST_CODE },
    },
    {
      name: "declared-dependency",
      comment:
        "A package that shipped code imports is declared in its own workspace's package.json (tests may use the root's devDependencies).",
      severity: "error",
      from: { path: "^(server|admin|cli|bots|sites)/", pathNot: TEST_CODE },
      to: { dependencyTypes: ["npm-no-pkg", "npm-unknown"] },
    },
    {
      name: "not-to-unresolvable",
      comment: "An import that resolves to no file.",
      severity: "error",
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    exclude: { path: ["\\.d\\.ts$", "/node_modules/.*/node_modules/", "^sites/\\.builds/"] }, // .builds: a build folder a killed worker left behind
    doNotFollow: { path: "node_modules" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".js", ".mjs", ".cjs", ".json", ".d.ts"],
    },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
