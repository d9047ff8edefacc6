import { Args, ux } from "@oclif/core";
import { buildSite } from "@mall/server/sites/site-build.service.js";
import { getStore } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "../../base-command.js";

export interface SiteBuildView {
  store: string;
  buildId: string;
  status: string;
  pages: number | null;
  seconds: number | null;
  error: string | null;
}

export default class SiteRebuild extends MallCommand {
  static override summary = "Rebuild a store's site now";

  static override description =
    "Runs the same build the worker runs after a catalog change: reads the catalog, builds every page into a new folder and makes it live. A failed build leaves the live site as it was and exits 1.";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --json"];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<SiteBuildView> {
    const { args } = await this.parseOrPrompt(SiteRebuild);
    const build = await this.read(async (ctx, platform) => {
      const store = await getStore(ctx, args.store);
      const progress = !this.jsonEnabled() && Boolean(process.stderr.isTTY);
      if (progress) ux.action.start(`Building ${store.slug}.${platform.config.PLATFORM_DOMAIN}`, "starting", { stdout: false });
      try {
        return await buildSite(platform, store.id, "cli", { onProgress: (stage) => progress && (ux.action.status = stage) });
      } finally {
        if (progress) ux.action.stop();
      }
    });
    const view: SiteBuildView = {
      store: args.store,
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
}
