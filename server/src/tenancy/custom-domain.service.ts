import { randomBytes } from "node:crypto";
import { promises as dns } from "node:dns";
import { recordAudit } from "../audit/audit.service.js";
import { isUniqueViolation } from "../db/errors.js";
import { authorize } from "../identity/authorization.js";
import { ConflictError, ValidationError } from "../core/errors.js";
import { recordEvent } from "../jobs/events.js";
import type { ServiceContext } from "../core/context.js";
import { Store } from "./store.entity.js";
import { getStore } from "./tenancy.service.js";

/** The TXT record's name: `_mall-verify.{domain}`. */
export const VERIFY_RECORD_PREFIX = "_mall-verify";

const DOMAIN = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$/;

export class DomainInvalidError extends ValidationError {
  constructor(message = "دامنه معتبر نیست؛ نامی مثل example.ir با حروف کوچک لاتین وارد کنید.") {
    super("domain", message, "domain_invalid");
  }
}

export class DomainTakenError extends ConflictError {
  constructor() {
    super("domain", "این دامنه به فروشگاه دیگری وصل است.", "domain_taken");
  }
}

export class NoCustomDomainError extends ValidationError {
  constructor() {
    super("store", "این فروشگاه دامنهٔ اختصاصی ندارد؛ ابتدا دامنه را اضافه کنید.", "no_custom_domain");
  }
}

export class DomainNotVerifiedError extends ValidationError {
  constructor(message: string) {
    super("domain", message, "domain_not_verified");
  }
}

/** The records a merchant must publish at their DNS host for a domain to be verified. */
export interface DnsRecord {
  type: "CNAME" | "TXT";
  name: string;
  value: string;
}

export interface DomainState {
  store: Store;
  domain: string | null;
  verified: boolean;
  records: DnsRecord[];
}

/** `{slug}.{PLATFORM_DOMAIN}`: where a store's custom domain must point. */
export function platformHost(store: Pick<Store, "slug">, platformDomain: string): string {
  return `${store.slug}.${platformDomain}`;
}

/** Every host a store answers on now (its subdomain and a verified domain): the `previousHosts` of a change. */
export function storeHosts(store: Pick<Store, "slug" | "customDomain" | "customDomainVerified">, platformDomain: string): string[] {
  return [platformHost(store, platformDomain), ...(store.customDomain && store.customDomainVerified ? [store.customDomain] : [])];
}

export function dnsRecords(store: Pick<Store, "slug" | "customDomain" | "customDomainToken">, platformDomain: string): DnsRecord[] {
  if (!store.customDomain || !store.customDomainToken) return [];
  return [
    { type: "CNAME", name: store.customDomain, value: platformHost(store, platformDomain) },
    { type: "TXT", name: `${VERIFY_RECORD_PREFIX}.${store.customDomain}`, value: store.customDomainToken },
  ];
}

/** A domain as staff may type it: lower-cased, no trailing dot, not under the platform's own domain. */
export function normalizeDomain(raw: string, platformDomain: string): string {
  const domain = raw.trim().toLowerCase().replace(/\.$/, "");
  if (!DOMAIN.test(domain)) throw new DomainInvalidError();
  if (domain === platformDomain || domain.endsWith(`.${platformDomain}`))
    throw new DomainInvalidError("دامنه‌های زیرمجموعهٔ دامنهٔ پلتفرم را نمی‌توان وصل کرد؛ دامنهٔ خودتان را وارد کنید.");
  return domain;
}

function state(store: Store, platformDomain: string): DomainState {
  return { store, domain: store.customDomain, verified: store.customDomainVerified, records: dnsRecords(store, platformDomain) };
}

/**
 * Records `domain` as the store's custom domain, unverified, with a new
 * random token; it routes nowhere until `verifyCustomDomain` sees its
 * records. Replacing a verified domain stops the old one routing at once.
 */
export async function addCustomDomain(
  ctx: ServiceContext,
  storeRef: string,
  rawDomain: string,
  platformDomain: string,
): Promise<DomainState> {
  const domain = normalizeDomain(rawDomain, platformDomain);
  const store = await getStore(ctx, storeRef);
  await authorize(ctx, "settings:write", { storeId: store.id });
  const stores = ctx.manager.getRepository(Store);
  const owner = await stores.findOneBy({ customDomain: domain });
  if (owner && owner.id !== store.id) throw new DomainTakenError();
  if (store.customDomain === domain && store.customDomainToken) return state(store, platformDomain);
  const previousHosts = storeHosts(store, platformDomain);
  const previousDomain = store.customDomain;
  const changes = {
    customDomain: domain,
    customDomainVerified: false,
    customDomainToken: randomBytes(16).toString("hex"),
    customDomainCheckedAt: null,
    customDomainError: null,
  };
  try {
    await stores.update({ id: store.id }, changes);
  } catch (error) {
    if (isUniqueViolation(error)) throw new DomainTakenError();
    throw error;
  }
  Object.assign(store, changes);
  await recordAudit(ctx, {
    storeId: store.id,
    action: "store.domain_added",
    entityType: "store",
    entityId: store.id,
    before: { customDomain: previousDomain },
    after: { customDomain: domain },
  });
  await recordDomainChanged(ctx, store, "domain_added", previousHosts, previousDomain);
  return state(store, platformDomain);
}

/** Where `verifyCustomDomain` asks: the resolver's answers, as Node's `dns.promises.Resolver` gives them. */
export interface DomainLookup {
  resolveTxt(name: string): Promise<string[][]>;
  resolveCname(name: string): Promise<string[]>;
}

/** A resolver asking `address` (`host` or `host:port`), or the system's resolvers when none is configured. */
export function createDomainLookup(address: string | undefined, timeoutMs = 3000): DomainLookup {
  const resolver = new dns.Resolver({ timeout: timeoutMs, tries: 2 });
  if (address) resolver.setServers([address]);
  return resolver;
}

/**
 * Checks the store's domain: the TXT `_mall-verify.{domain}` must hold the
 * token and the domain must be a CNAME of `{slug}.{PLATFORM_DOMAIN}`. Only
 * then is it marked verified (and so routed); a failed check changes nothing
 * and says, in Persian, which record is missing or wrong.
 */
export async function verifyCustomDomain(
  ctx: ServiceContext,
  storeRef: string,
  platformDomain: string,
  lookup: DomainLookup,
): Promise<DomainState> {
  const store = await getStore(ctx, storeRef);
  await authorize(ctx, "settings:write", { storeId: store.id });
  if (!store.customDomain || !store.customDomainToken) throw new NoCustomDomainError();
  const domain = store.customDomain;
  const target = platformHost(store, platformDomain);
  const txt = await answers(() => lookup.resolveTxt(`${VERIFY_RECORD_PREFIX}.${domain}`));
  if (!txt.some((chunks) => chunks.join("") === store.customDomainToken)) {
    throw new DomainNotVerifiedError(
      txt.length === 0
        ? `رکورد TXT ‏${VERIFY_RECORD_PREFIX}.${domain} پیدا نشد.`
        : `مقدار رکورد TXT ‏${VERIFY_RECORD_PREFIX}.${domain} با کد تأیید این فروشگاه یکی نیست.`,
    );
  }
  const cnames = (await answers(() => lookup.resolveCname(domain))).map((name) => name.toLowerCase().replace(/\.$/, ""));
  if (!cnames.includes(target)) {
    throw new DomainNotVerifiedError(
      cnames.length === 0
        ? `رکورد CNAME دامنهٔ ${domain} پیدا نشد.`
        : `رکورد CNAME دامنهٔ ${domain} باید به ${target} اشاره کند، نه ${cnames.join("، ")}.`,
    );
  }
  if (store.customDomainVerified) return state(store, platformDomain);
  const previousHosts = storeHosts(store, platformDomain);
  await ctx.manager.getRepository(Store).update({ id: store.id }, { customDomainVerified: true });
  store.customDomainVerified = true;
  await recordDomainChanged(ctx, store, "domain_verified", previousHosts, domain);
  return state(store, platformDomain);
}

/** Removes the store's custom domain: it stops routing (cache and nginx links follow the `store.changed` event). */
export async function removeCustomDomain(
  ctx: ServiceContext,
  storeRef: string,
  platformDomain: string,
): Promise<DomainState & { removed: string | null }> {
  const store = await getStore(ctx, storeRef);
  await authorize(ctx, "settings:write", { storeId: store.id });
  const removed = store.customDomain;
  if (!removed) return { ...state(store, platformDomain), removed: null };
  const previousHosts = storeHosts(store, platformDomain);
  const changes = {
    customDomain: null,
    customDomainVerified: false,
    customDomainToken: null,
    customDomainCheckedAt: null,
    customDomainError: null,
  };
  await ctx.manager.getRepository(Store).update({ id: store.id }, changes);
  Object.assign(store, changes);
  await recordAudit(ctx, {
    storeId: store.id,
    action: "store.domain_removed",
    entityType: "store",
    entityId: store.id,
    before: { customDomain: removed },
    after: { customDomain: null },
  });
  await recordDomainChanged(ctx, store, "domain_removed", previousHosts, removed);
  return { ...state(store, platformDomain), removed };
}

/** A lookup's answers; "no such name" or "no such record" is no answer, anything else (timeout, refused) is an error. */
async function answers<T>(query: () => Promise<T[]>): Promise<T[]> {
  try {
    return await query();
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === "ENOTFOUND" || code === "ENODATA" || code === "ENONAME") return [];
    throw new DomainNotVerifiedError(`پرسش از سرور DNS ناموفق بود (${code ?? "error"})؛ کمی بعد دوباره تلاش کنید.`);
  }
}

/**
 * `store.changed` with the hosts the store answered on before, so nginx's
 * host links drop an old domain, and with the domain that was (or is) set,
 * so the Host cache forgets a remembered miss or hit for it.
 */
async function recordDomainChanged(
  ctx: ServiceContext,
  store: Store,
  change: string,
  previousHosts: string[],
  previousDomain: string | null,
): Promise<void> {
  await recordEvent(ctx.manager, {
    storeId: store.id,
    type: "store.changed",
    entityId: store.id,
    payload: { change, slug: store.slug, customDomain: store.customDomain, previousDomain, previousHosts },
  });
}
