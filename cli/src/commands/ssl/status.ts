import { Args } from "@oclif/core";
import { certificateStatus } from "@mall/server/ssl/ssl.service.js";
import { MallCommand } from "../../base-command.js";
import { presentCertificate, type CertificateView } from "../../ssl-output.js";

export default class SslStatus extends MallCommand {
  static override summary = "Show a store's certificate: domain, expiry, serial and the last renewal failure";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --json"];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<CertificateView> {
    const { args } = await this.parseOrPrompt(SslStatus);
    const view = presentCertificate(await this.read((ctx) => certificateStatus(ctx, args.store)));
    this.log(`Domain:      ${view.domain}`);
    this.log(`Serial:      ${view.serial}`);
    this.log(`Valid:       ${view.notBefore} → ${view.notAfter} (${view.daysLeft} days left)`);
    this.log(`Issued:      ${view.issuedAt}`);
    this.log(`Renewal:     ${view.lastError ? `FAILED at ${view.failedAt}: ${view.lastError}` : "ok"}`);
    return view;
  }
}
