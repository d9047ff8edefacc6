import { Args } from "@oclif/core";
import { issueCertificate } from "@mall/server/ssl/ssl.service.js";
import { certificateFiles } from "@mall/server/ssl/certificate-install.js";
import { MallCommand } from "../../base-command.js";
import { presentCertificate, type CertificateView } from "../../ssl-output.js";

export default class SslIssue extends MallCommand {
  static override summary = "Get a certificate for a store's verified custom domain and serve it over HTTPS";

  static override description =
    "Orders a certificate from ACME_DIRECTORY_URL by HTTP-01 (the server answers /.well-known/acme-challenge/ from the database, so any replica can), stores certificate and key, writes the domain's nginx block in NGINX_DOMAINS_DIR, checks it with NGINX_TEST_COMMAND and reloads with NGINX_RELOAD_COMMAND. Running it again for a domain with a certificate renews it now. The platform's own *.{PLATFORM_DOMAIN} certificate is not issued here: set PLATFORM_TLS_CERT_FILE and PLATFORM_TLS_KEY_FILE for `mall nginx config`.";

  static override examples = ["<%= config.bin %> <%= command.id %> ketab", "<%= config.bin %> <%= command.id %> ketab --json"];

  static override flags = {};

  static override args = {
    store: Args.string({ description: "Store id or slug", required: true }),
  };

  async run(): Promise<CertificateView> {
    const { args } = await this.parseOrPrompt(SslIssue);
    const started = Date.now();
    const { view, files } = await this.read(async (_ctx, platform) => {
      const state = await issueCertificate(platform, args.store);
      return { view: presentCertificate(state), files: certificateFiles(platform.config, state.certificate.domain) };
    });
    this.log(
      `Certificate for ${view.domain} issued in ${((Date.now() - started) / 1000).toFixed(1)} s (serial ${view.serial}, valid until ${view.notAfter}).`,
    );
    this.log(`nginx serves it: ${files.blockFile}`);
    return view;
  }
}
