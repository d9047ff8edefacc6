import { Args, Flags } from "@oclif/core";
import { enqueueSms } from "@mall/server/messaging/sms.queue.js";
import { approveStoreRequest } from "@mall/server/tenancy/store-request.service.js";
import { STORE_LAYOUTS, STORE_THEMES, type StoreLayout, type StoreTheme } from "@mall/server/tenancy/store.entity.js";
import { MallCommand } from "../../base-command.js";
import { presentStore, presentStoreRequest, storeLines, type StoreRequestView, type StoreView } from "../../presenters.js";

export interface StoreRequestDecisionView {
  request: StoreRequestView;
  store: StoreView | null;
  /** False when Redis refused the SMS job (the decision stands; the SMS row is marked failed). */
  smsQueued: boolean;
}

export default class StoreApprove extends MallCommand {
  static override summary = "Approve a store request: create the store and text its owner";

  static override description =
    "In one transaction: the owner's tenant (the one of their first store, or a new one named after this store), the store with the owner as its first member, the request marked approved, and the owner's SMS with the store's address. A request that was already decided is refused. The store's site and the landing page are built by the worker.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> 3f0c2d9e-…",
    "<%= config.bin %> <%= command.id %> 3f0c2d9e-… --theme minimal --layout list --json",
  ];

  static override flags = {
    theme: Flags.string({ description: "Site theme", options: [...STORE_THEMES], default: "bazaar" }),
    layout: Flags.string({ description: "Product listing layout", options: [...STORE_LAYOUTS], default: "grid" }),
  };

  static override args = {
    id: Args.string({ description: "The request's id (from `mall store requests`)", required: true }),
  };

  async run(): Promise<StoreRequestDecisionView> {
    const { args, flags } = await this.parseOrPrompt(StoreApprove);
    const decision = await this.write((ctx, platform) =>
      approveStoreRequest(ctx, args.id.trim(), { theme: flags.theme as StoreTheme, layout: flags.layout as StoreLayout }, platform.config),
    );
    const smsQueued = await this.read((_ctx, platform) =>
      enqueueSms(platform, decision.sms).then(
        () => true,
        () => false,
      ),
    );
    const view: StoreRequestDecisionView = {
      request: presentStoreRequest(decision.request, this.platformDomain),
      store: decision.store ? presentStore(decision.store, this.platformDomain) : null,
      smsQueued,
    };
    this.log(`Approved request ${view.request.id}: store ${view.request.slug} is created.`);
    if (view.store) this.log(storeLines(view.store));
    if (smsQueued) this.log(`SMS to ${view.request.ownerPhone} queued.`);
    else this.warn(`the SMS to ${view.request.ownerPhone} could not be queued (is Redis up?); the store is created`);
    return view;
  }
}
