import { Args, Flags, ux } from "@oclif/core";
import { buildLanding } from "@mall/server/sites/landing-build.service.js";
import { buildSite } from "@mall/server/sites/site-build.service.js";
import { getStore, listStores } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";
import { ProgressBar } from "../../progress-bar.js";

export interface SiteBuildView {
  /** The store as given, or "landing". */
  store: string;
  /** Null for the landing page, which has no build records. */
  buildId: string | null;
  status: string;
  pages: number | null;
  seconds: number | null;
  error: string | null;
}

export interface SiteRebuildAllView {
  builds: SiteBuildView[];
  failed: number;
}

export default class SiteRebuild extends MallCommand {
  static override summary = "Rebuild a store's site, or the platform's landing page, now";

  static override description =
    "Runs the same build the worker runs after a catalog change: reads the catalog, builds every page into a new folder and makes it live. A failed build leaves the live site as it was and exits 1. With --landing, builds the landing page served at the bare PLATFORM_DOMAIN instead.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> ketab",
    "<%= config.bin %> <%= command.id %> ketab --json",
    "<%= config.bin %> <%= command.id %> --landing",
    "<%= config.bin %> <%= command.id %> --all",
  ];

  static override flags = {
    all: Flags.boolean({
      description: "Rebuild every active store's site, one after another, with a progress bar on a terminal; exits 1 if any build failed",
    }),
    landing: Flags.boolean({
      description: "Build the platform's landing page (featured stores, the store request form) instead of a store's site",
    }),
  };

  static override args = {
    store: Args.string({ description: "Store id or slug (not with --landing)" }),
  };

  async run(): Promise<SiteBuildView | SiteRebuildAllView> {
    const { args, flags } = await this.parse(SiteRebuild);
    if (flags.all) {
      if (args.store || flags.landing) this.error("give a store, --all or --landing, only one of them", { exit: 1 });
      return this.rebuildAll();
    }
    if (flags.landing) {
      if (args.store) this.error("give a store or --landing, not both", { exit: 1 });
      return this.rebuildLanding();
    }
    const storeRef = args.store;
    if (!storeRef) this.error("give the store to rebuild (id or slug), or --landing", { exit: 1 });
    const build = await this.read(async (ctx, platform) => {
      const store = await getStore(ctx, storeRef);
      const progress = !this.jsonEnabled() && Boolean(process.stderr.isTTY);
      if (progress) ux.action.start(`Building ${store.slug}.${platform.config.PLATFORM_DOMAIN}`, "starting", { stdout: false });
      try {
        return await buildSite(platform, store.id, "cli", { onProgress: (stage) => progress && (ux.action.status = stage) });
      } finally {
        if (progress) ux.action.stop();
      }
    });
    const view: SiteBuildView = {
      store: storeRef,
      buildId: build.id,
      status: build.status,
      pages: build.pageCount,
      seconds: build.durationMs === null ? null : Math.round(build.durationMs / 100) / 10,
      error: build.error,
    };
    if (build.status !== "succeeded") this.error(`build failed: ${(build.error ?? "unknown error").split("\n")[0]}`, { exit: 1 });
    this.log(`Built ${view.pages} pages in ${view.seconds} s; the new site is live.`);
    return view;
  }

  private async rebuildAll(): Promise<SiteRebuildAllView> {
    const builds = await this.read(async (ctx, platform) => {
      const stores = await listStores(ctx, { status: "active" });
      const bar = new ProgressBar(stores.length);
      const views: SiteBuildView[] = [];
      try {
        for (const [index, store] of stores.entries()) {
          bar.update(index, store.slug);
          const build = await buildSite(platform, store.id, "cli", { onProgress: (stage) => bar.update(index, `${store.slug}: ${stage}`) });
          views.push({
            store: store.slug,
            buildId: build.id,
            status: build.status,
            pages: build.pageCount,
            seconds: build.durationMs === null ? null : Math.round(build.durationMs / 100) / 10,
            error: build.error ? build.error.split("\n")[0]! : null,
          });
          bar.update(index + 1, store.slug);
        }
      } finally {
        bar.stop();
      }
      return views;
    });
    const failed = builds.filter((b) => b.status !== "succeeded").length;
    for (const b of builds)
      this.log(
        `${b.store.padEnd(24)}  ${b.status.padEnd(9)}  ${String(b.pages ?? "-").padStart(6)} pages  ${String(b.seconds ?? "-").padStart(6)} s${b.error ? `  ${b.error}` : ""}`,
      );
    this.log(`Rebuilt ${builds.length - failed} of ${builds.length} store sites${failed ? `; ${failed} failed` : ""}.`);
    if (failed) {
      if (this.jsonEnabled()) this.logJson({ builds, failed });
      this.exit(1);
    }
    return { builds, failed };
  }

  private async rebuildLanding(): Promise<SiteBuildView> {
    const build = await this.read((_ctx, platform) => buildLanding(platform, "cli"));
    const view: SiteBuildView = {
      store: "landing",
      buildId: null,
      status: build.status,
      pages: build.pageCount,
      seconds: Math.round(build.durationMs / 100) / 10,
      error: build.error,
    };
    if (build.status !== "succeeded") this.error(`build failed: ${(build.error ?? "unknown error").split("\n")[0]}`, { exit: 1 });
    this.log(`Built the landing page (${view.pages} pages) in ${view.seconds} s; it is live at the bare platform domain.`);
    return view;
  }
}
