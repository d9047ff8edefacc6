import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { request } from "node:http";
import { request as httpsRequest } from "node:https";
import type { TLSSocket } from "node:tls";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { NGINX_PROXY_SETTINGS } from "../sites/nginx-config.js";

export const NGINX = "/usr/sbin/nginx";
const BROTLI_STATIC_MODULE = "/usr/lib/nginx/modules/ngx_http_brotli_static_module.so";

export interface NginxServer {
  prefix: string;
  /** The main file, as a distribution's nginx.conf would be. */
  confFile: string;
  /** `nginx -p … -c …` with the arguments that make any nginx command act on this instance. */
  command(...args: string[]): string;
  stop(): Promise<void>;
}

/** `nginx -p … -c …` with the arguments that make any nginx command act on the instance in `prefix`. */
const nginxCommand = (prefix: string, ...args: string[]) => [NGINX, "-p", prefix, "-c", join(prefix, "nginx.conf"), ...args].join(" ");

/**
 * A prefix for an nginx started later by startNginx, with the commands that
 * will act on it: for a configuration that needs them (NGINX_TEST_COMMAND,
 * NGINX_RELOAD_COMMAND) before the server nginx proxies to is running.
 */
export async function nginxPrefix(): Promise<Pick<NginxServer, "prefix" | "command">> {
  const prefix = await mkdtemp(join(tmpdir(), "mall-nginx-"));
  return { prefix, command: (...args) => nginxCommand(prefix, ...args) };
}

/**
 * Debian's nginx in a prefix of its own (a new one unless given, from
 * nginxPrefix), serving `siteConfig` (what `mall nginx config` prints) as a
 * distribution's conf.d/ would, with mall-proxy.conf beside it
 * (`proxySettings`: nginx at the edge unless given). Ready once `readyPort`
 * answers /healthz through it.
 */
export async function startNginx(
  siteConfig: string,
  readyPort: number,
  proxySettings = NGINX_PROXY_SETTINGS,
  givenPrefix?: string,
): Promise<NginxServer> {
  const prefix = givenPrefix ?? (await nginxPrefix()).prefix;
  const confFile = join(prefix, "nginx.conf");
  await writeFile(join(prefix, "mall-proxy.conf"), proxySettings);
  await writeFile(join(prefix, "mall.conf"), siteConfig);
  await writeFile(
    confFile,
    // Debian's brotli_static module (libnginx-mod-http-brotli-static, .ci/run installs it), as modules-enabled/ loads it.
    `load_module ${BROTLI_STATIC_MODULE}; user root; worker_processes 1; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log warn;
events { worker_connections 64; }
http { include /etc/nginx/mime.types; access_log off; client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
       fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi; include ${prefix}/mall.conf; }`,
  );
  const child: ChildProcess = spawn(NGINX, ["-p", prefix, "-c", confFile, "-g", "daemon off;"], { stdio: ["ignore", "ignore", "pipe"] });
  let errors = "";
  child.stderr!.setEncoding("utf8").on("data", (chunk: string) => (errors += chunk));
  for (let tries = 0; (await healthz(readyPort)) !== 200; tries++) {
    if (child.exitCode !== null || tries > 100) throw new Error(`nginx did not start: ${errors}`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
  return {
    prefix,
    confFile,
    command: (...args) => nginxCommand(prefix, ...args),
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGQUIT");
        await exited;
      }
      await rm(prefix, { recursive: true, force: true });
    },
  };
}

function healthz(port: number): Promise<number> {
  return new Promise((resolve) => {
    const req = request({ host: "127.0.0.1", port, path: "/healthz", headers: { host: "x" } }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on("error", () => resolve(0));
    req.end();
  });
}

/**
 * GET https://{domain}{path} through nginx's HTTPS port, naming the domain
 * by SNI and Host and trusting only `ca` (Pebble's root): the status, the
 * body and the serial of the certificate nginx presented.
 */
export function httpsThroughNginx(
  tlsPort: number,
  domain: string,
  path: string,
  ca: string,
): Promise<{ status: number; body: string; serial: string }> {
  return new Promise((resolve, reject) => {
    httpsRequest({ host: "127.0.0.1", port: tlsPort, path, servername: domain, headers: { host: domain }, ca, agent: false }, (res) => {
      const serial = (res.socket as TLSSocket).getPeerCertificate().serialNumber.toLowerCase();
      let body = "";
      res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, body, serial }));
    })
      .on("error", reject)
      .end();
  });
}
