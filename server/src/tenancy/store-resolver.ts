import type { DataSource } from "typeorm";
import { UUID_PATTERN } from "../core/ids.js";
import { Store } from "./store.entity.js";
import type { StoreCache, StoreKey } from "./store-cache.js";
import { StoreDeletedError, StoreMismatchError, StoreNotFoundError, StoreSuspendedError } from "./tenancy.errors.js";
import { toStoreRef } from "./tenancy.service.js";
import type { StoreRef } from "./tenancy.schemas.js";

const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/** The name a Host header gives, as nginx's `$host` does: lower case, without its port or a trailing dot; null for an IPv6 literal. */
export function hostName(rawHost: string): string | null {
  const host = rawHost.trim().toLowerCase();
  if (host.startsWith("[")) return null;
  return host.replace(/:\d+$/, "").replace(/\.$/, "");
}

/**
 * Finds the store a request is for: by `Host` (`{slug}.{PLATFORM_DOMAIN}` or
 * a verified custom domain) or, for API clients, by the `X-Store` header
 * (slug or id). Unknown stores are 404, suspended and deleted ones 410; a Host and an
 * X-Store naming two different stores are refused rather than guessed at.
 */
export class StoreResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly cache: StoreCache,
    private readonly platformDomain: string,
  ) {}

  async resolve(request: { host?: string | undefined; storeHeader?: string | undefined }): Promise<StoreRef> {
    const hostKey = request.host ? this.keyForHost(request.host) : null;
    const headerKey = request.storeHeader !== undefined ? this.keyForHeader(request.storeHeader) : null;
    const key = hostKey ?? headerKey;
    if (!key) throw new StoreNotFoundError(request.storeHeader !== undefined ? "X-Store" : undefined);
    const store = await this.lookup(key);
    if (!store) throw new StoreNotFoundError(hostKey ? undefined : "X-Store");
    if (hostKey && headerKey) {
      const other = await this.lookup(headerKey);
      if (other?.id !== store.id) throw new StoreMismatchError();
    }
    if (store.status === "suspended") throw new StoreSuspendedError();
    if (store.status === "deleted") throw new StoreDeletedError();
    return store;
  }

  /** The store key a Host names, or null for the platform's own hosts (bare domain, localhost, IPs). */
  keyForHost(rawHost: string): StoreKey | null {
    const name = hostName(rawHost);
    if (!name || name === this.platformDomain || name === "localhost" || /^[\d.]+$/.test(name)) return null;
    const suffix = `.${this.platformDomain}`;
    if (name.endsWith(suffix)) {
      const slug = name.slice(0, -suffix.length);
      // Only one label deep: a.b.mall.localhost is no store's address.
      return LABEL.test(slug) ? { by: "slug", slug } : { by: "slug", slug: "\u0000invalid" };
    }
    return { by: "domain", domain: name };
  }

  private keyForHeader(raw: string): StoreKey {
    const value = raw.trim().toLowerCase();
    if (UUID_PATTERN.test(value)) return { by: "id", id: value };
    return { by: "slug", slug: LABEL.test(value) ? value : "\u0000invalid" };
  }

  /** A store by key, through the cache; null when no active or suspended store has that key. */
  async lookup(key: StoreKey): Promise<StoreRef | null> {
    if (key.by === "slug" && key.slug.startsWith("\u0000")) return null;
    const cached = await this.cache.get(key);
    if (cached !== undefined) return cached;
    const where =
      key.by === "id" ? { id: key.id } : key.by === "slug" ? { slug: key.slug } : { customDomain: key.domain, customDomainVerified: true };
    const store = await this.dataSource.getRepository(Store).findOneBy(where);
    const ref = store ? toStoreRef(store) : null;
    await this.cache.set(key, ref);
    return ref;
  }
}
