import type { Config } from "../config/config.js";
import type { Store } from "./store.entity.js";

/**
 * The address shoppers reach a store at: its verified custom domain, or
 * `{slug}.{PLATFORM_DOMAIN}`, with PUBLIC_URL's scheme and port. Links in
 * sites, SMS and Telegram posts all come from here.
 */
export function storeOrigin(
  config: Pick<Config, "PUBLIC_URL" | "PLATFORM_DOMAIN">,
  store: Pick<Store, "slug" | "customDomain" | "customDomainVerified">,
): string {
  const publicUrl = new URL(config.PUBLIC_URL);
  const host = store.customDomain && store.customDomainVerified ? store.customDomain : `${store.slug}.${config.PLATFORM_DOMAIN}`;
  return `${publicUrl.protocol}//${host}${publicUrl.port ? `:${publicUrl.port}` : ""}`;
}

/** The platform's own address (its landing page): PLATFORM_DOMAIN with PUBLIC_URL's scheme and port. */
export function platformOrigin(config: Pick<Config, "PUBLIC_URL" | "PLATFORM_DOMAIN">): string {
  const publicUrl = new URL(config.PUBLIC_URL);
  return `${publicUrl.protocol}//${config.PLATFORM_DOMAIN}${publicUrl.port ? `:${publicUrl.port}` : ""}`;
}
