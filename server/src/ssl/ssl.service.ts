import { LessThan } from "typeorm";
import { DomainError } from "../core/errors.js";
import { systemContext, type ServiceContext } from "../core/context.js";
import type { Platform } from "../platform/platform.js";
import { DomainNotVerifiedError, NoCustomDomainError } from "../tenancy/custom-domain.service.js";
import type { Store } from "../tenancy/store.entity.js";
import { getStore } from "../tenancy/tenancy.service.js";
import { installCertificate } from "./certificate-install.js";
import { SslCertificate } from "./ssl.entity.js";

type SslPlatform = Pick<Platform, "dataSource" | "config" | "logger">;

/** The ACME server refused or could not be reached; its own words follow, because staff need them to fix DNS or limits. */
export class AcmeOrderError extends DomainError {
  constructor(detail: string) {
    super("upstream_failed", "acme_failed", `گرفتن گواهی از سرور ACME ناموفق بود: ${detail}`, "domain");
  }
}

export class NoCertificateError extends DomainError {
  constructor() {
    super("not_found", "no_certificate", "این فروشگاه هنوز گواهی SSL ندارد؛ با mall ssl issue بگیرید.", "store");
  }
}

export interface CertificateState {
  store: Pick<Store, "id" | "slug">;
  certificate: SslCertificate;
}

/**
 * Obtains a certificate for the store's verified custom domain (a new one
 * even when one exists: issuing again is how staff force a renewal), keeps
 * it in `ssl_certificates`, and installs it in nginx. No database
 * transaction is held while the ACME server validates the domain.
 */
export async function issueCertificate(platform: SslPlatform, storeRef: string): Promise<CertificateState> {
  const store = await getStore(systemContext(platform.dataSource.manager, "ssl"), storeRef);
  if (!store.customDomain) throw new NoCustomDomainError();
  if (!store.customDomainVerified)
    throw new DomainNotVerifiedError(`دامنهٔ ${store.customDomain} هنوز تأیید نشده است؛ ابتدا mall domain verify را اجرا کنید.`);
  const certificate = await obtainAndInstall(platform, store.id, store.customDomain);
  return { store, certificate };
}

async function obtainAndInstall(platform: SslPlatform, storeId: string, domain: string): Promise<SslCertificate> {
  const { dataSource, config } = platform;
  let issued;
  try {
    // acme-client (with node-forge and its x509 stack) is loaded by the process that orders, not by every one importing this service.
    const { orderCertificate } = await import("./acme-issuer.js");
    issued = await orderCertificate(dataSource, config, domain);
  } catch (error) {
    throw new AcmeOrderError(acmeDetail(error));
  }
  const certificates = dataSource.getRepository(SslCertificate);
  // Stored before nginx is touched: a certificate the ACME server issued is never thrown away because nginx refused.
  await certificates.upsert({ storeId, domain, ...issued, issuedAt: new Date(), lastError: null, failedAt: null }, ["storeId", "domain"]);
  await installCertificate(config, domain, issued.certificatePem, issued.privateKeyPem);
  return certificates.findOneByOrFail({ storeId, domain });
}

export interface RenewalOutcome {
  domain: string;
  storeId: string;
  renewed: boolean;
  serial?: string;
  error?: string;
}

/**
 * The renewal job's work: every certificate expiring within SSL_RENEW_DAYS of
 * `now` is ordered again. A failure is logged at error level and recorded on
 * the row (`lastError`, `failedAt`, shown by `mall ssl status`); the next run
 * tries again. A certificate whose domain is no longer the store's verified
 * domain is left to expire.
 */
export async function renewDueCertificates(platform: SslPlatform, now = new Date()): Promise<RenewalOutcome[]> {
  const { dataSource, config, logger } = platform;
  const due = await dataSource.getRepository(SslCertificate).find({
    where: { notAfter: LessThan(new Date(now.getTime() + config.SSL_RENEW_DAYS * 86_400_000)) },
    relations: { store: true },
    order: { notAfter: "ASC" },
  });
  const outcomes: RenewalOutcome[] = [];
  for (const certificate of due) {
    const { store, domain, storeId } = certificate;
    if (!store || store.customDomain !== domain || !store.customDomainVerified || store.status === "deleted") continue;
    try {
      const renewed = await obtainAndInstall(platform, storeId, domain);
      logger.info({ domain, storeId, serial: renewed.serial, notAfter: renewed.notAfter }, "certificate renewed");
      outcomes.push({ domain, storeId, renewed: true, serial: renewed.serial });
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      await dataSource.getRepository(SslCertificate).update({ id: certificate.id }, { lastError: message, failedAt: new Date() });
      logger.error({ domain, storeId, err: message, notAfter: certificate.notAfter }, "certificate renewal failed");
      outcomes.push({ domain, storeId, renewed: false, error: message });
    }
  }
  return outcomes;
}

/** The store's current certificate (its custom domain's). */
export async function certificateStatus(ctx: ServiceContext, storeRef: string): Promise<CertificateState> {
  const store = await getStore(ctx, storeRef);
  const certificate = store.customDomain
    ? await ctx.manager.getRepository(SslCertificate).findOneBy({ storeId: store.id, domain: store.customDomain })
    : null;
  if (!certificate) throw new NoCertificateError();
  return { store, certificate };
}

/** Every certificate, soonest to expire first. */
export async function listCertificates(ctx: ServiceContext): Promise<CertificateState[]> {
  const rows = await ctx.manager.getRepository(SslCertificate).find({ relations: { store: true }, order: { notAfter: "ASC" } });
  return rows.map((certificate) => ({ store: certificate.store!, certificate }));
}

/** acme-client's errors carry the server's problem document's detail in the message; keep it to one line. */
function acmeDetail(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, " ").trim().slice(0, 500);
}
