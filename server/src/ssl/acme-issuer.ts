import { readFileSync } from "node:fs";
import { Agent } from "node:https";
import { rootCertificates } from "node:tls";
import { X509Certificate } from "node:crypto";
import acme from "acme-client";
import type { DataSource } from "typeorm";
import type { Config } from "../config/config.js";
import { AcmeAccount, AcmeChallenge } from "./ssl.entity.js";

export interface IssuedCertificate {
  certificatePem: string;
  privateKeyPem: string;
  serial: string;
  notBefore: Date;
  notAfter: Date;
}

type AcmeConfig = Pick<Config, "ACME_DIRECTORY_URL" | "ACME_EMAIL" | "ACME_CA_FILE">;

let trustedCaFile: string | undefined;

/**
 * acme-client talks through its own axios instance; a private ACME CA (or
 * Pebble in tests) is trusted there, on top of the system's roots, and
 * nowhere else in the process.
 */
function trustAcmeServer(caFile: string | undefined): void {
  if (!caFile || trustedCaFile === caFile) return;
  acme.axios.defaults.httpsAgent = new Agent({ ca: [...rootCertificates, readFileSync(caFile, "utf8")] });
  trustedCaFile = caFile;
}

/** The platform's account at the configured ACME server: created once, then reused by every order and renewal. */
async function accountClient(dataSource: DataSource, config: AcmeConfig): Promise<acme.Client> {
  const accounts = dataSource.getRepository(AcmeAccount);
  let account = await accounts.findOneBy({ directoryUrl: config.ACME_DIRECTORY_URL });
  if (!account) {
    const key = (await acme.crypto.createPrivateEcdsaKey("P-256")).toString();
    // Two first orders at once: one key wins, both use it.
    await accounts
      .createQueryBuilder()
      .insert()
      .values({ directoryUrl: config.ACME_DIRECTORY_URL, accountKeyPem: key, accountUrl: null })
      .orIgnore()
      .execute();
    account = await accounts.findOneByOrFail({ directoryUrl: config.ACME_DIRECTORY_URL });
  }
  // Polls the order from 1 s (acme-client waits 5 s first); ACME servers usually validate within a second or two.
  const client = new acme.Client({
    directoryUrl: config.ACME_DIRECTORY_URL,
    accountKey: account.accountKeyPem,
    accountUrl: account.accountUrl ?? undefined,
    backoffMin: 1000,
    backoffAttempts: 12,
  });
  if (!account.accountUrl) {
    await client.createAccount({ termsOfServiceAgreed: true, contact: config.ACME_EMAIL ? [`mailto:${config.ACME_EMAIL}`] : undefined });
    await accounts.update({ directoryUrl: config.ACME_DIRECTORY_URL }, { accountUrl: client.getAccountUrl() });
  }
  return client;
}

/**
 * Orders a certificate for `domain` by HTTP-01. The key authorization is
 * written to `acme_challenges` (committed before the ACME server is told to
 * look), so the server answers `/.well-known/acme-challenge/{token}` from
 * whichever replica the request reaches; the row goes once the order is
 * settled either way. No local pre-check: the ACME server's own validation is
 * the one that counts, and this host may not resolve the domain as the world does.
 */
export async function orderCertificate(dataSource: DataSource, config: AcmeConfig, domain: string): Promise<IssuedCertificate> {
  trustAcmeServer(config.ACME_CA_FILE);
  const client = await accountClient(dataSource, config);
  const privateKey = await acme.crypto.createPrivateEcdsaKey("P-256");
  const [, csr] = await acme.crypto.createCsr({ commonName: domain, altNames: [domain] }, privateKey);
  const challenges = dataSource.getRepository(AcmeChallenge);
  const certificatePem = await client.auto({
    csr,
    termsOfServiceAgreed: true,
    challengePriority: ["http-01"],
    skipChallengeVerification: true,
    challengeCreateFn: async (_authz, challenge, keyAuthorization) => {
      await challenges.upsert({ token: challenge.token, keyAuthorization, domain }, ["token"]);
    },
    challengeRemoveFn: async (_authz, challenge) => {
      await challenges.delete({ token: challenge.token });
    },
  });
  const leaf = new X509Certificate(acme.crypto.splitPemChain(certificatePem)[0]!);
  return {
    certificatePem,
    privateKeyPem: privateKey.toString(),
    serial: leaf.serialNumber.toLowerCase(),
    notBefore: new Date(leaf.validFrom),
    notAfter: new Date(leaf.validTo),
  };
}
