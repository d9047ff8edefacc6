import { Args, Flags } from "@oclif/core";
import type { StoreStatus } from "@mall/server/tenancy/store.entity.js";
import { assertStatusChange, getStore, setStoreStatus } from "@mall/server/tenancy/tenancy.service.js";
import { MallCommand } from "./base-command.js";
import { presentStore, storeLines, type StoreView } from "./presenters.js";

export type StoreStatusResult = StoreView & { previousStatus: string; changed: boolean; dryRun: boolean };

/**
 * The flags and args of `store suspend` and `store resume`. Each command
 * declares them itself: `this.parse(Command)` copies a class's own statics,
 * so inherited ones would be missed.
 */
export const storeStatusFlags = {
  "dry-run": Flags.boolean({ description: "Show what would change without changing anything", default: false }),
};

export const storeStatusArgs = {
  store: Args.string({ description: "Store id or slug", required: true }),
};

/** `store suspend` and `store resume`: the same change in two directions. */
export abstract class StoreStatusCommand extends MallCommand {
  protected async changeStatus(storeRef: string, status: StoreStatus, dryRun: boolean): Promise<StoreStatusResult> {
    const { before, after } = await this.write(async (ctx) => {
      const current = await getStore(ctx, storeRef);
      const previous = current.status;
      if (previous !== status) assertStatusChange(current, status);
      return { before: previous, after: dryRun ? current : await setStoreStatus(ctx, current.id, status) };
    });
    const view = presentStore(after, this.platformDomain);
    const changed = before !== status;
    if (dryRun)
      this.log(
        changed
          ? `Would set store ${view.slug} to ${status} (now ${before}); nothing changed.`
          : `Store ${view.slug} is already ${status}; nothing to do.`,
      );
    else
      this.log(
        changed ? `Store ${view.slug} is now ${status} (was ${before}).` : `Store ${view.slug} was already ${status}; nothing changed.`,
      );
    this.log(storeLines(view));
    return { ...view, previousStatus: before, changed: changed && !dryRun, dryRun };
  }
}
