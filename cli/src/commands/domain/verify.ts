import { Args } from "@oclif/core";
import { createDomainLookup, verifyCustomDomain } from "@mall/server/tenancy/custom-domain.service.js";
import { MallCommand } from "../../base-command.js";
import { presentDomain, recordLines, type DomainView } from "../../domain-output.js";

export default class DomainVerify extends MallCommand {
  static override summary = "Check a store's custom domain in DNS and, if its records are right, start routing it";

  static override description =
    "Asks the resolver at DNS_RESOLVER (host or host:port; the system's resolvers when unset) for the TXT _mall-verify.{domain} and the domain's CNAME. The domain is verified only when the TXT holds the store's token and the CNAME points at {slug}.{PLATFORM_DOMAIN}; otherwise nothing changes and the missing or wrong record is named.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> ketab",
    "DNS_RESOLVER=1.1.1.1 <%= config.bin %> <%= command.id %> ketab --json",
  ];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<DomainView> {
    const { args } = await this.parseOrPrompt(DomainVerify);
    const view = presentDomain(
      await this.write((ctx, platform) =>
        verifyCustomDomain(ctx, args.store, platform.config.PLATFORM_DOMAIN, createDomainLookup(platform.config.DNS_RESOLVER)),
      ),
    );
    this.log(`Domain ${view.domain} is verified; it now routes to store ${view.store}.`);
    this.log(recordLines(view));
    return view;
  }
}
