import { Flags } from "@oclif/core";
import { resolve } from "node:path";
import { NGINX_PROXY_SETTINGS, renderNginxConfig } from "@mall/server/sites/nginx-config.js";
import { MallCommand } from "../../base-command.js";

export default class NginxConfig extends MallCommand {
  static override summary = "Print the nginx server block that serves every store's site";

  static override description =
    "One block for all stores: built sites are served from SITES_DIR/hosts/$host/current, everything else goes to the server replicas. Save it in nginx's conf.d/ and the proxy settings (--proxy-settings) beside it as mall-proxy.conf.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> --upstream server:3000 --sites-dir /app/.data/sites > deploy/nginx/mall.conf",
    "<%= config.bin %> <%= command.id %> --proxy-settings > deploy/nginx/mall-proxy.conf",
  ];

  static override flags = {
    listen: Flags.string({ description: "nginx listen directive", default: "80" }),
    upstream: Flags.string({ description: "A server replica (host:port); repeat for several", multiple: true, default: ["127.0.0.1:3000"] }),
    "sites-dir": Flags.string({ description: "SITES_DIR as nginx sees it (default: this machine's SITES_DIR)" }),
    "proxy-settings": Flags.boolean({ description: "Print mall-proxy.conf (the proxy settings the block includes) instead" }),
  };

  async run(): Promise<{ config: string }> {
    const { flags } = await this.parseOrPrompt(NginxConfig);
    if (flags["proxy-settings"]) {
      this.log(NGINX_PROXY_SETTINGS.trimEnd());
      return { config: NGINX_PROXY_SETTINGS };
    }
    for (const upstream of flags.upstream) {
      if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(upstream)) this.error(`upstream: "${upstream}" is not host:port`, { exit: 1 });
    }
    const sitesDir = flags["sites-dir"] ?? resolve(this.configuration().SITES_DIR);
    const config = renderNginxConfig({ upstreams: flags.upstream, sitesDir, listen: flags.listen, gateways: this.configuration() });
    this.log(config.trimEnd());
    return { config };
  }
}
