import { Args } from "@oclif/core";
import { addCustomDomain } from "@mall/server/tenancy/custom-domain.service.js";
import { MallCommand } from "../../base-command.js";
import { presentDomain, recordLines, type DomainView } from "../../domain-output.js";

export default class DomainAdd extends MallCommand {
  static override summary = "Give a store a custom domain (unverified until `mall domain verify`)";

  static override description =
    "Records the domain as the store's, unverified, with a new verification token, and prints the two DNS records the merchant must set: a CNAME of the domain to {slug}.{PLATFORM_DOMAIN} and a TXT _mall-verify.{domain} holding the token. The domain routes nowhere until verified.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> ketab ketab.ir",
    "<%= config.bin %> <%= command.id %> ketab shop.ketab.ir --json",
  ];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
    domain: Args.string({ description: "The domain, e.g. example.ir", required: true }),
  };

  async run(): Promise<DomainView> {
    const { args } = await this.parseOrPrompt(DomainAdd);
    const view = presentDomain(
      await this.write((ctx, platform) => addCustomDomain(ctx, args.store, args.domain, platform.config.PLATFORM_DOMAIN)),
    );
    this.log(
      `Domain ${view.domain} recorded for store ${view.store}, not verified yet. The merchant must set these DNS records, then run \`mall domain verify ${view.store}\`:`,
    );
    this.log(recordLines(view));
    this.log("رکوردهای بالا را در DNS دامنه ثبت کنید؛ پس از تأیید، فروشگاه روی این دامنه باز می‌شود.");
    return view;
  }
}
