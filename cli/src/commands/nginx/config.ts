import { Flags } from "@oclif/core";
import { resolve } from "node:path";
import { nginxProxySettings, renderNginxConfig } from "@mall/server/sites/nginx-config.js";
import { MallCommand } from "../../base-command.js";

export default class NginxConfig extends MallCommand {
  static override summary = "Print the nginx server block that serves every store's site";

  static override description =
    "One block for all stores: built sites are served from SITES_DIR/hosts/$host/current, everything else goes to the server replicas. Save it in nginx's conf.d/ and the proxy settings (--proxy-settings) beside it as mall-proxy.conf. With PLATFORM_TLS_CERT_FILE and PLATFORM_TLS_KEY_FILE set (the platform's *.{PLATFORM_DOMAIN} certificate), an HTTPS block serves every subdomain and the bare domain; --domains-dir includes the custom domains' HTTPS blocks that `mall ssl issue` writes.";

  static override examples = [
    "<%= config.bin %> <%= command.id %> --upstream server:3000 --sites-dir /app/.data/sites > deploy/nginx/mall.conf",
    "<%= config.bin %> <%= command.id %> --proxy-settings > deploy/nginx/mall-proxy.conf",
    "PLATFORM_TLS_CERT_FILE=/etc/ssl/mall/fullchain.pem PLATFORM_TLS_KEY_FILE=/etc/ssl/mall/privkey.pem <%= config.bin %> <%= command.id %> --domains-dir /app/.data/nginx/domains",
  ];

  static override flags = {
    listen: Flags.string({ description: "nginx listen directive", default: "80" }),
    upstream: Flags.string({
      description: "A server replica (host:port); repeat for several",
      multiple: true,
      default: ["127.0.0.1:3000"],
    }),
    "sites-dir": Flags.string({ description: "SITES_DIR as nginx sees it (default: this machine's SITES_DIR)" }),
    "domains-dir": Flags.string({
      description: "Include the per-domain HTTPS blocks `mall ssl issue` writes (NGINX_DOMAINS_DIR as nginx sees it)",
    }),
    "brotli-static": Flags.boolean({
      description:
        "Also serve the builds' .br files (brotli_static): only for an nginx with that module loaded (Debian: libnginx-mod-http-brotli-static; not the official nginx image)",
    }),
    "proxy-settings": Flags.boolean({
      description:
        "Print mall-proxy.conf (the proxy settings the block includes) instead; its X-Forwarded-For matches TRUST_PROXY_HOPS (1 when unset: nginx at the edge)",
    }),
  };

  async run(): Promise<{ config: string }> {
    const { flags } = await this.parseOrPrompt(NginxConfig);
    if (flags["proxy-settings"]) {
      // The server's TRUST_PROXY_HOPS and nginx's X-Forwarded-For must agree, or a client chooses the address limits count.
      const settings = nginxProxySettings(this.configuration().TRUST_PROXY_HOPS);
      this.log(settings.trimEnd());
      return { config: settings };
    }
    for (const upstream of flags.upstream) {
      if (!/^[A-Za-z0-9.-]+:\d{1,5}$/.test(upstream)) this.error(`upstream: "${upstream}" is not host:port`, { exit: 1 });
    }
    const sitesDir = flags["sites-dir"] ?? resolve(this.configuration().SITES_DIR);
    const settings = this.configuration();
    // The platform's wildcard certificate is configured once, by file paths; with both set, the HTTPS block for every subdomain is added.
    const platformTls =
      settings.PLATFORM_TLS_CERT_FILE && settings.PLATFORM_TLS_KEY_FILE
        ? {
            domain: settings.PLATFORM_DOMAIN,
            certFile: settings.PLATFORM_TLS_CERT_FILE,
            keyFile: settings.PLATFORM_TLS_KEY_FILE,
            listen: settings.NGINX_TLS_LISTEN,
          }
        : undefined;
    const config = renderNginxConfig({
      upstreams: flags.upstream,
      sitesDir,
      listen: flags.listen,
      gateways: settings,
      domainsDir: flags["domains-dir"],
      platformTls,
      mediaUpstream: settings.NGINX_MEDIA_UPSTREAM,
      brotliStatic: flags["brotli-static"],
    });
    this.log(config.trimEnd());
    return { config };
  }
}
