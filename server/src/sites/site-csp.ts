import { GATEWAY_HOST_DEFAULTS, type Config } from "../config/config.js";
import { ENAMAD_ORIGIN } from "../tenancy/store-settings.js";

/** The configuration the site's policy depends on: the hosts of the gateways a shopper reaches by a form post. */
export type SiteCspConfig = Pick<Config, "MELLAT_BASE_URL" | "SAMAN_BASE_URL" | "PARSIAN_BASE_URL">;

/** The hosts configuration falls back to (config.ts's defaults), for generators that run without a configuration. */
export const DEFAULT_SITE_CSP_CONFIG: SiteCspConfig = GATEWAY_HOST_DEFAULTS;

/**
 * Where a store's pages may submit forms: their own origin (the sandbox
 * gateway's page lives there) and the gateways reached by a form POST
 * (Mellat's RefId, Saman's Token, Parsian). ZarinPal is reached by a plain
 * navigation (`location.assign`), which form-action does not govern.
 * Origins are deduplicated and kept in a fixed order so the nginx config
 * generated from them is deterministic.
 */
export function paymentFormOrigins(config: SiteCspConfig): string[] {
  const origins = [config.MELLAT_BASE_URL, config.SAMAN_BASE_URL, config.PARSIAN_BASE_URL].map((url) => new URL(url).origin);
  return [...new Set(origins)];
}

/**
 * The site's policy, the ONE definition both the server (site-static.ts)
 * and nginx (nginx-config.ts) send with site pages. Each built page also
 * carries Astro's CSP <meta> with the hashes of its inline island scripts
 * and styles; a browser enforces both policies, so inline code runs only
 * when its hash is listed, while this header adds what a <meta> cannot say
 * (frame-ancestors) and keeps the rest to our own origin and the gateways.
 */
export function siteCsp(config: SiteCspConfig): string {
  return [
    "default-src 'self'",
    "script-src 'self' 'unsafe-inline'",
    "style-src 'self' 'unsafe-inline'",
    // The eNamad seal's image: each page's CSP <meta> (sites/astro.config.mjs) names it only for a store with a seal.
    `img-src 'self' data: blob: ${ENAMAD_ORIGIN}`,
    "font-src 'self' data:",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    `form-action ${["'self'", ...paymentFormOrigins(config)].join(" ")}`,
    "frame-ancestors 'none'",
  ].join("; ");
}
