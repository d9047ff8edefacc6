import { Args, Flags } from "@oclif/core";
import { enqueueSms } from "@mall/server/messaging/sms.queue.js";
import { rejectStoreRequest } from "@mall/server/tenancy/store-request.service.js";
import { MallCommand } from "../../base-command.js";
import { presentStoreRequest } from "../../presenters.js";
import type { StoreRequestDecisionView } from "./approve.js";

export default class StoreReject extends MallCommand {
  static override summary = "Reject a store request and text the owner the reason";

  static override description =
    "The reason is sent to the owner by SMS as written, so write it in Persian, for them. The request's slug is free again. A request that was already decided is refused.";

  static override examples = ['<%= config.bin %> <%= command.id %> 3f0c2d9e-… --reason "نام فروشگاه با قوانین مال سازگار نیست."'];

  static override flags = {
    reason: Flags.string({ description: "Why, in Persian: texted to the owner", required: true }),
  };

  static override args = {
    id: Args.string({ description: "The request's id (from `mall store requests`)", required: true }),
  };

  async run(): Promise<StoreRequestDecisionView> {
    const { args, flags } = await this.parseOrPrompt(StoreReject);
    const decision = await this.write((ctx, platform) =>
      rejectStoreRequest(ctx, args.id.trim(), { reason: flags.reason }, platform.config),
    );
    const smsQueued = await this.read((_ctx, platform) =>
      enqueueSms(platform, decision.sms).then(
        () => true,
        () => false,
      ),
    );
    const view: StoreRequestDecisionView = { request: presentStoreRequest(decision.request, this.platformDomain), store: null, smsQueued };
    this.log(`Rejected request ${view.request.id} (${view.request.slug}).`);
    if (smsQueued) this.log(`SMS to ${view.request.ownerPhone} queued.`);
    else this.warn(`the SMS to ${view.request.ownerPhone} could not be queued (is Redis up?); the request is rejected`);
    return view;
  }
}
