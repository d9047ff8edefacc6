/**
 * The processes `npm run bench` measures, each on its own so that none
 * shares an event loop with the load generator or with another: the Mall
 * roles (Node 24 through tsx, as `npm run start:server` runs them, or with
 * --compiled the production build through the image's entry point), nginx
 * with the generated config, and a bare node:http server as the baseline.
 */
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import { freePort } from "../test/free-port.js";
import { dirname, join, resolve } from "node:path";
import { NGINX_PROXY_SETTINGS, nginxProxySettings, renderNginxConfig } from "../sites/nginx-config.js";

export { freePort };

export const ROOT = resolve(import.meta.dirname, "../../..");
const NGINX = "/usr/sbin/nginx";

export function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Buffer; headers: Record<string, unknown> }> {
  return new Promise((done, fail) => {
    const req = request({ host: "127.0.0.1", port, path, headers: { "accept-encoding": "identity", ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (chunk: Buffer) => chunks.push(chunk));
      res.on("end", () => done({ status: res.statusCode ?? 0, body: Buffer.concat(chunks), headers: res.headers }));
    });
    req.on("error", fail);
    req.end();
  });
}

async function waitFor(port: number, path: string, child: ChildProcess, what: string): Promise<void> {
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`${what} exited with ${child.exitCode}`);
    const res = await get(port, path).catch(() => undefined);
    if (res && res.status < 500) return;
    if (tries > 600) throw new Error(`${what} did not answer ${path} within a minute`);
    await new Promise((wake) => setTimeout(wake, 100));
  }
}

export interface Running {
  port: number;
  pid: number;
  stop(): Promise<void>;
}

function stopper(child: ChildProcess, signal: NodeJS.Signals = "SIGTERM") {
  return () =>
    new Promise<void>((done) => {
      if (child.exitCode !== null || child.signalCode !== null) return done();
      child.once("exit", () => done());
      child.kill(signal);
      setTimeout(() => child.kill("SIGKILL"), 10_000).unref();
    });
}

/** A TypeScript entry run by Node 24 with tsx's loader, in a process of its own. */
export function spawnTsx(entry: string, env: Record<string, string | undefined>, stdio: "ignore" | "inherit" = "ignore"): ChildProcess {
  return spawn(process.execPath, ["--import", "tsx", entry], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ["ignore", stdio, "inherit"],
  });
}

/**
 * The production image's layout in `dir` from a fresh `npm run build`
 * (scripts/image-layout.sh): what --compiled runs the roles from.
 */
export function compiledLayout(dir: string): string {
  execFileSync("npm", ["run", "-s", "build"], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  execFileSync("bash", [join(ROOT, "scripts/image-layout.sh"), dir], { cwd: ROOT, stdio: ["ignore", "inherit", "inherit"] });
  return dir;
}

type Role = "server" | "worker" | "bot";

/** A role as the image starts it: `mall-entrypoint <role>` in the layout, NODE_ENV=production, on this Node 24. */
function spawnCompiled(layout: string, role: Role, env: Record<string, string | undefined>): ChildProcess {
  return spawn("sh", [join(layout, "mall-entrypoint"), role], {
    cwd: layout,
    env: { ...process.env, ...env, NODE_ENV: "production", PATH: `${dirname(process.execPath)}:${process.env.PATH ?? ""}` },
    stdio: ["ignore", "ignore", "inherit"],
  });
}

/** `npm run start:server` (or, with a layout, the image's `server` role) with the given environment, answering on a free port. */
export async function startMallServer(env: Record<string, string>, layout?: string): Promise<Running> {
  const port = await freePort();
  const roleEnv = { ...env, PORT: String(port), HOST: "127.0.0.1" };
  const child = layout ? spawnCompiled(layout, "server", roleEnv) : spawnTsx("server/src/main/server.ts", roleEnv);
  await waitFor(port, "/healthz", child, "the Mall server");
  return { port, pid: child.pid!, stop: stopper(child) };
}

/** The worker or the bot role, started and given `settleMs` to finish starting; port 0 (none). */
export async function startMallRole(
  role: "worker" | "bot",
  env: Record<string, string>,
  layout?: string,
  settleMs = 8000,
): Promise<Running> {
  const roleEnv = { ...env, WORKER_METRICS_PORT: "0" };
  const child = layout ? spawnCompiled(layout, role, roleEnv) : spawnTsx(`server/src/main/${role}.ts`, roleEnv);
  await new Promise((wake) => setTimeout(wake, settleMs));
  if (child.exitCode !== null) throw new Error(`the ${role} exited with ${child.exitCode}`);
  return { port: 0, pid: child.pid!, stop: stopper(child) };
}

/** A bare node:http server answering every request with one file's bytes (the baseline for the product API). */
export async function startBareServer(file: string, contentType: string): Promise<Running> {
  const port = await freePort();
  const code = `const body = require("node:fs").readFileSync(${JSON.stringify(file)});
require("node:http").createServer((req, res) => { res.writeHead(200, { "content-type": ${JSON.stringify(contentType)}, "content-length": body.length }); res.end(body); }).listen(${port}, "127.0.0.1");`;
  const child = spawn(process.execPath, ["-e", code], { stdio: ["ignore", "ignore", "inherit"] });
  await waitFor(port, "/", child, "the bare server");
  return { port, pid: child.pid!, stop: stopper(child) };
}

/**
 * nginx with the generated store-site config on one port (brotli_static:
 * Debian's libnginx-mod-http-brotli-static) and, on another, a plain `root`
 * serving a folder of files (the baseline: same bytes, no Host routing, no
 * rewrite, no headers).
 */
export async function startNginx(options: {
  prefix: string;
  sitesDir: string;
  /** The Mall servers nginx balances over (one upstream of them all). */
  upstreams: number[];
  plainDir: string;
  /** Proxies in front of nginx whose X-Forwarded-For it passes on (nginxProxySettings); 0, nginx at the edge, by default. */
  trustedHops?: number;
}): Promise<Running & { plainPort: number }> {
  const [port, plainPort] = [await freePort(), await freePort()];
  const { prefix } = options;
  mkdirSync(prefix, { recursive: true });
  writeFileSync(join(prefix, "mall-proxy.conf"), options.trustedHops ? nginxProxySettings(options.trustedHops) : NGINX_PROXY_SETTINGS);
  writeFileSync(
    join(prefix, "mall.conf"),
    renderNginxConfig({
      upstreams: options.upstreams.map((port) => `127.0.0.1:${port}`),
      sitesDir: options.sitesDir,
      listen: `127.0.0.1:${port}`,
      brotliStatic: true,
    }),
  );
  writeFileSync(
    join(prefix, "nginx.conf"),
    `load_module /usr/lib/nginx/modules/ngx_http_brotli_static_module.so; worker_processes auto; pid ${prefix}/nginx.pid; error_log ${prefix}/error.log error; worker_rlimit_nofile 16384;
events { worker_connections 8192; }
http { include /etc/nginx/mime.types; access_log off; client_body_temp_path ${prefix}/body; proxy_temp_path ${prefix}/proxy;
       fastcgi_temp_path ${prefix}/fastcgi; uwsgi_temp_path ${prefix}/uwsgi; scgi_temp_path ${prefix}/scgi;
       include ${prefix}/mall.conf;
       server { listen 127.0.0.1:${plainPort}; root ${options.plainDir}; } }`,
  );
  const child = spawn(NGINX, ["-p", prefix, "-c", join(prefix, "nginx.conf"), "-g", "daemon off;"], {
    stdio: ["ignore", "ignore", "inherit"],
  });
  await waitFor(plainPort, "/", child, "nginx");
  return { port, plainPort, pid: child.pid!, stop: stopper(child, "SIGQUIT") };
}

/**
 * Resident memory of a process now and its peak so far (Linux /proc), in MiB,
 * and where it goes: anonymous memory (V8's heap, its young generation
 * included, and native allocations) and file-backed pages (the node binary's
 * and native libraries' code, shared with other processes).
 */
export function memoryOf(pid: number): { rssMiB: number; peakMiB: number; anonymousMiB: number; fileMiB: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(status.match(new RegExp(`^${field}:\\s+(\\d+)`, "m"))?.[1] ?? 0);
  return {
    rssMiB: kb("VmRSS") / 1024,
    peakMiB: kb("VmHWM") / 1024,
    anonymousMiB: kb("RssAnon") / 1024,
    fileMiB: (kb("RssFile") + kb("RssShmem")) / 1024,
  };
}
