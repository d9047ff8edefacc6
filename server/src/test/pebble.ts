import { execFile, spawn } from "node:child_process";
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { get } from "node:https";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { freePort } from "./free-port.js";

export const PEBBLE = "/usr/bin/pebble";

export interface Pebble {
  /** ACME_DIRECTORY_URL. */
  directoryUrl: string;
  /** The CA file that makes Pebble's own HTTPS endpoints trusted (ACME_CA_FILE). */
  tlsCaFile: string;
  /** The root that issued the certificates (management API /roots/0): what a browser of this test would trust. */
  issuerRoot(): Promise<string>;
  log(): string;
  stop(): Promise<void>;
}

/**
 * Debian's Pebble (a real ACME server) on free ports. Its validation
 * authority really fetches `http://{domain}:{httpPort}/.well-known/acme-challenge/…`,
 * resolving the domain through `dnsServer` (no sleeps, no "always valid"),
 * and always re-validates (no authorization reuse), so a renewal is a real
 * second validation. Pebble's HTTPS listener gets a throwaway certificate
 * made with openssl.
 */
export async function startPebble(options: { httpPort: number; dnsServer: string }): Promise<Pebble> {
  const dir = await mkdtemp(join(tmpdir(), "mall-pebble-"));
  const tlsCaFile = join(dir, "cert.pem");
  await promisify(execFile)("openssl", [
    "req",
    "-x509",
    "-newkey",
    "ec",
    "-pkeyopt",
    "ec_paramgen_curve:prime256v1",
    "-nodes",
    "-days",
    "2",
    "-keyout",
    join(dir, "key.pem"),
    "-out",
    tlsCaFile,
    "-subj",
    "/CN=localhost",
    "-addext",
    "subjectAltName=DNS:localhost,IP:127.0.0.1",
  ]);
  const [acmePort, managementPort, tlsPort] = [await freePort(), await freePort(), await freePort()];
  const config = join(dir, "pebble-config.json");
  await writeFile(
    config,
    JSON.stringify({
      pebble: {
        listenAddress: `127.0.0.1:${acmePort}`,
        managementListenAddress: `127.0.0.1:${managementPort}`,
        certificate: tlsCaFile,
        privateKey: join(dir, "key.pem"),
        httpPort: options.httpPort,
        tlsPort,
        ocspResponderURL: "",
        externalAccountBindingRequired: false,
      },
    }),
  );
  const env: NodeJS.ProcessEnv = { ...process.env, PEBBLE_VA_NOSLEEP: "1", PEBBLE_WFE_NONCEREJECT: "0", PEBBLE_AUTHZREUSE: "0" };
  delete env.PEBBLE_VA_ALWAYS_VALID;
  const child = spawn(PEBBLE, ["-config", config, "-dnsserver", options.dnsServer], { env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (output += chunk));
  const tlsCa = await readFile(tlsCaFile, "utf8");
  const fetchText = (url: string) =>
    new Promise<string>((resolve, reject) => {
      get(url, { ca: tlsCa }, (res) => {
        let body = "";
        res.setEncoding("utf8").on("data", (chunk: string) => (body += chunk));
        res.on("end", () => (res.statusCode === 200 ? resolve(body) : reject(new Error(`${url}: ${res.statusCode}`))));
      }).on("error", reject);
    });
  const directoryUrl = `https://127.0.0.1:${acmePort}/dir`;
  for (let tries = 0; ; tries++) {
    if (child.exitCode !== null) throw new Error(`pebble exited: ${output}`);
    if (
      await fetchText(directoryUrl).then(
        () => true,
        () => false,
      )
    )
      break;
    if (tries > 100) throw new Error(`pebble did not start: ${output}`);
    await new Promise((wake) => setTimeout(wake, 50));
  }
  return {
    directoryUrl,
    tlsCaFile,
    issuerRoot: () => fetchText(`https://127.0.0.1:${managementPort}/roots/0`),
    log: () => output,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
