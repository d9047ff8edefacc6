import { DomainError } from "../core/errors.js";
import { systemContext, type ServiceContext } from "../core/context.js";
import { authorize } from "../identity/authorization.js";
import type { Platform } from "../platform/platform.js";
import { createDomainLookup, dnsRecords, verifyCustomDomain, type DnsRecord } from "../tenancy/custom-domain.service.js";
import { Store } from "../tenancy/store.entity.js";
import { getStore } from "../tenancy/tenancy.service.js";
import { issueCertificate } from "./ssl.service.js";
import { SslCertificate } from "./ssl.entity.js";

type SetupPlatform = Pick<Platform, "dataSource" | "config" | "logger">;

/** Where a store's own domain stands: no domain, waiting for its DNS records, verified and waiting for its certificate, or served over HTTPS. */
export type DomainPhase = "none" | "dns" | "certificate" | "active";

export interface DomainSetupStatus {
  domain: string | null;
  phase: DomainPhase;
  verified: boolean;
  records: DnsRecord[];
  /** The last check (the worker's sweep or «بررسی اکنون»), and what it found wrong, in Persian. */
  checkedAt: Date | null;
  error: string | null;
  certificate: { serial: string; notAfter: Date; issuedAt: Date; lastError: string | null; failedAt: Date | null } | null;
}

/** An unverified domain is asked about at most this often by the sweep; the sweep itself runs at DOMAIN_CHECK_EVERY_MS. */
export const DNS_RECHECK_MS = 9 * 60_000;
/**
 * A verified domain whose certificate order failed is tried again at most
 * this often: ACME servers limit failed validations (Let's Encrypt: five an
 * hour per hostname), and a retry that soon would only use them up.
 */
export const CERTIFICATE_RETRY_MS = 65 * 60_000;
/** Domains checked by one sweep at most; the rest, oldest check first, wait for the next one. */
const SWEEP_BATCH = 200;

/** The store's domain, its records, the last check and its certificate, for the merchant's «دامنهٔ اختصاصی» page. */
export async function domainSetupStatus(ctx: ServiceContext, storeRef: string, platformDomain: string): Promise<DomainSetupStatus> {
  const store = await getStore(ctx, storeRef);
  await authorize(ctx, "store:read", { storeId: store.id });
  const certificate = store.customDomain
    ? await ctx.manager.getRepository(SslCertificate).findOneBy({ storeId: store.id, domain: store.customDomain })
    : null;
  const phase: DomainPhase = !store.customDomain ? "none" : !store.customDomainVerified ? "dns" : certificate ? "active" : "certificate";
  return {
    domain: store.customDomain,
    phase,
    verified: store.customDomainVerified,
    records: dnsRecords(store, platformDomain),
    checkedAt: store.customDomainCheckedAt,
    error: store.customDomainError,
    certificate: certificate
      ? {
          serial: certificate.serial,
          notAfter: certificate.notAfter,
          issuedAt: certificate.issuedAt,
          lastError: certificate.lastError,
          failedAt: certificate.failedAt,
        }
      : null,
  };
}

/**
 * The stores whose own domain still needs the worker: not verified yet, or
 * verified with no certificate for it; active stores only, oldest check
 * first, each no sooner than its interval since its last check.
 */
export async function domainsDueForCheck(platform: Pick<Platform, "dataSource">, now = new Date()): Promise<string[]> {
  const rows: Array<{ id: string }> = await platform.dataSource.query(
    `SELECT s.id FROM stores s
      WHERE s.custom_domain IS NOT NULL AND s.status = 'active'
        AND NOT (s.custom_domain_verified AND EXISTS (SELECT 1 FROM ssl_certificates c WHERE c.store_id = s.id AND c.domain = s.custom_domain))
        AND (s.custom_domain_checked_at IS NULL
             OR s.custom_domain_checked_at < $1::timestamptz - (CASE WHEN s.custom_domain_verified AND s.custom_domain_error IS NOT NULL THEN $2::int ELSE $3::int END) * interval '1 millisecond')
      ORDER BY s.custom_domain_checked_at ASC NULLS FIRST, s.id
      LIMIT $4`,
    [now.toISOString(), CERTIFICATE_RETRY_MS, DNS_RECHECK_MS, SWEEP_BATCH],
  );
  return rows.map((row) => row.id);
}

/**
 * One store's domain, one step further: checks its DNS records (the same
 * verification as `mall domain verify`), and once they are right orders its
 * certificate (the same issuance as `mall ssl issue`) and installs it in
 * nginx. What went wrong is kept on the store in Persian for the merchant;
 * success clears it. A domain replaced meanwhile is left to its own check.
 */
export async function checkStoreDomain(platform: SetupPlatform, storeId: string): Promise<DomainSetupStatus> {
  const { dataSource, config, logger } = platform;
  const stores = dataSource.getRepository(Store);
  const store = await stores.findOneBy({ id: storeId });
  const read = () => domainSetupStatus(systemContext(dataSource.manager, "domain-check"), storeId, config.PLATFORM_DOMAIN);
  if (!store?.customDomain || store.status !== "active") return read();
  const domain = store.customDomain;
  const outcome = async (error: string | null) => {
    await stores.update({ id: storeId, customDomain: domain }, { customDomainCheckedAt: new Date(), customDomainError: error });
  };
  try {
    if (!store.customDomainVerified) {
      await dataSource.transaction((manager) =>
        verifyCustomDomain(
          systemContext(manager, "domain-check"),
          storeId,
          config.PLATFORM_DOMAIN,
          createDomainLookup(config.DNS_RESOLVER),
        ),
      );
      logger.info({ storeId, domain }, "custom domain verified");
    }
    const existing = await dataSource.getRepository(SslCertificate).existsBy({ storeId, domain });
    if (!existing) {
      const { certificate } = await issueCertificate(platform, storeId);
      logger.info(
        { storeId, domain, serial: certificate.serial, notAfter: certificate.notAfter },
        "certificate issued for a custom domain",
      );
    }
    await outcome(null);
  } catch (error) {
    if (!(error instanceof DomainError)) {
      logger.error({ storeId, domain, err: error }, "custom domain check failed");
      await outcome("بررسی دامنه با خطای پیش‌بینی‌نشده روبه‌رو شد؛ دوباره خودکار تلاش می‌کنیم و اگر ماند، با پشتیبانی مال تماس بگیرید.");
      throw error;
    }
    logger.warn({ storeId, domain, code: error.code, err: error.message }, "custom domain not ready");
    await outcome(error.message);
  }
  return read();
}
