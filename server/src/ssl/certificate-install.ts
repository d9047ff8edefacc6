import { execFile } from "node:child_process";
import { chmod, mkdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import type { Config } from "../config/config.js";
import { DomainError } from "../core/errors.js";
import { renderDomainServerBlock } from "../sites/nginx-config.js";

const run = promisify(execFile);

type InstallConfig = Pick<
  Config,
  | "SSL_DIR"
  | "NGINX_DOMAINS_DIR"
  | "NGINX_TLS_LISTEN"
  | "NGINX_TEST_COMMAND"
  | "NGINX_RELOAD_COMMAND"
  | "SITES_DIR"
  | "MELLAT_BASE_URL"
  | "SAMAN_BASE_URL"
  | "PARSIAN_BASE_URL"
  | "NGINX_MEDIA_UPSTREAM"
>;

/** nginx refused the configuration (or could not be reloaded); its own last words are the message. */
export class NginxRefusedError extends DomainError {
  constructor(step: string, detail: string) {
    super("upstream_failed", "nginx_refused", `nginx ${step} ناموفق بود: ${detail}`, "nginx");
  }
}

export interface CertificateFiles {
  certFile: string;
  keyFile: string;
  blockFile: string;
}

export function certificateFiles(config: Pick<Config, "SSL_DIR" | "NGINX_DOMAINS_DIR">, domain: string): CertificateFiles {
  const dir = resolve(config.SSL_DIR, domain);
  return {
    certFile: join(dir, "fullchain.pem"),
    keyFile: join(dir, "privkey.pem"),
    blockFile: resolve(config.NGINX_DOMAINS_DIR, `${domain}.conf`),
  };
}

/**
 * Writes the certificate (0644) and key (0600) where nginx reads them and the
 * domain's server block, checks the whole configuration with
 * NGINX_TEST_COMMAND, and reloads with NGINX_RELOAD_COMMAND. When nginx
 * refuses, the previous files are put back, so a bad block never stays
 * around to break the next reload.
 */
export async function installCertificate(
  config: InstallConfig,
  domain: string,
  certificatePem: string,
  privateKeyPem: string,
): Promise<CertificateFiles> {
  const files = certificateFiles(config, domain);
  await mkdir(resolve(config.SSL_DIR, domain), { recursive: true, mode: 0o700 });
  await mkdir(resolve(config.NGINX_DOMAINS_DIR), { recursive: true });
  const block = renderDomainServerBlock({
    domain,
    listen: config.NGINX_TLS_LISTEN,
    certFile: files.certFile,
    keyFile: files.keyFile,
    sitesDir: config.SITES_DIR,
    gateways: config,
    mediaUpstream: config.NGINX_MEDIA_UPSTREAM,
  });
  const previous = await Promise.all(
    [files.certFile, files.keyFile, files.blockFile].map((file) => readFile(file, "utf8").catch(() => null)),
  );
  await writeAtomically(files.keyFile, privateKeyPem, 0o600);
  await writeAtomically(files.certFile, certificatePem, 0o644);
  await writeAtomically(files.blockFile, block, 0o644);
  try {
    await runCommand("-t", config.NGINX_TEST_COMMAND);
  } catch (error) {
    await restore(files, previous);
    throw error;
  }
  await runCommand("reload", config.NGINX_RELOAD_COMMAND);
  return files;
}

async function restore(files: CertificateFiles, previous: Array<string | null>): Promise<void> {
  const paths = [files.certFile, files.keyFile, files.blockFile];
  for (const [index, path] of paths.entries()) {
    const content = previous[index];
    if (content === null || content === undefined) await rm(path, { force: true });
    else await writeAtomically(path, content, index === 1 ? 0o600 : 0o644);
  }
}

/** A new file under a temporary name with its mode set before it holds anything, renamed over the old one. */
async function writeAtomically(path: string, content: string, mode: number): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, "", { mode });
  await chmod(temporary, mode);
  await writeFile(temporary, content);
  await rename(temporary, path);
}

/** Runs a configured command (split on spaces, no shell); a non-zero exit becomes NginxRefusedError with its last stderr line. */
export async function runCommand(step: string, command: string): Promise<string> {
  const [file, ...args] = command.split(/\s+/).filter(Boolean);
  try {
    const { stdout, stderr } = await run(file!, args, { timeout: 20_000 });
    return `${stdout}${stderr}`;
  } catch (error) {
    const failure = error as { stderr?: string; message: string };
    const lines = (failure.stderr ?? failure.message)
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
    throw new NginxRefusedError(
      step,
      lines.filter((line) => !/test failed|syntax is ok/.test(line)).at(-1) ?? lines.at(-1) ?? failure.message,
    );
  }
}
