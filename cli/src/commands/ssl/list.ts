import { listCertificates } from "@mall/server/ssl/ssl.service.js";
import { MallCommand } from "../../base-command.js";
import { certificateLine, presentCertificate, type CertificateView } from "../../ssl-output.js";

export default class SslList extends MallCommand {
  static override summary = "List every custom domain's certificate, soonest to expire first";

  static override examples = ["<%= config.bin %> <%= command.id %>", "<%= config.bin %> <%= command.id %> --json"];

  static override flags = {};

  async run(): Promise<{ certificates: CertificateView[] }> {
    await this.parseOrPrompt(SslList);
    const certificates = (await this.read((ctx) => listCertificates(ctx))).map((state) => presentCertificate(state));
    if (certificates.length === 0) this.log("No certificates yet.");
    for (const view of certificates) this.log(certificateLine(view));
    return { certificates };
  }
}
