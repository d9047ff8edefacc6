import type { CertificateState } from "@mall/server/ssl/ssl.service.js";

/** What `mall ssl …` prints with `--json`: never the key. */
export interface CertificateView {
  store: string;
  storeId: string;
  domain: string;
  serial: string;
  notBefore: string;
  notAfter: string;
  daysLeft: number;
  issuedAt: string;
  lastError: string | null;
  failedAt: string | null;
}

export function presentCertificate({ store, certificate }: CertificateState, now = Date.now()): CertificateView {
  return {
    store: store.slug,
    storeId: store.id,
    domain: certificate.domain,
    serial: certificate.serial,
    notBefore: certificate.notBefore.toISOString(),
    notAfter: certificate.notAfter.toISOString(),
    daysLeft: Math.floor((certificate.notAfter.getTime() - now) / 86_400_000),
    issuedAt: certificate.issuedAt.toISOString(),
    lastError: certificate.lastError,
    failedAt: certificate.failedAt?.toISOString() ?? null,
  };
}

/** One line a certificate: where, until when, and the last renewal failure if there was one. */
export function certificateLine(view: CertificateView): string {
  const failure = view.lastError ? `  renewal failed ${view.failedAt}: ${view.lastError}` : "";
  return `${view.store.padEnd(16)}  ${view.domain.padEnd(28)}  until ${view.notAfter.slice(0, 10)} (${view.daysLeft} days)  serial ${view.serial}${failure}`;
}
