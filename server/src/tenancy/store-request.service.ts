import type { Config } from "../config/config.js";
import { isUniqueViolation } from "../db/errors.js";
import { UUID_PATTERN } from "../core/ids.js";
import { requirePlatform, requireUser } from "../identity/authorization.js";
import { User } from "../identity/user.entity.js";
import { recordSms, type SmsJobData } from "../messaging/sms.service.js";
import type { ServiceContext } from "../core/context.js";
import { StoreRequest } from "./store-request.entity.js";
import {
  SlugRequestedError,
  StoreRequestDecidedError,
  StoreRequestNotFoundError,
  TooManyPendingRequestsError,
} from "./store-request.errors.js";
import {
  approveStoreRequestSchema,
  createStoreRequestSchema,
  listStoreRequestsSchema,
  rejectStoreRequestSchema,
  type ApproveStoreRequestInput,
  type CreateStoreRequestInput,
  type ListStoreRequestsInput,
  type RejectStoreRequestInput,
  type SlugAvailability,
} from "./store-request.schemas.js";
import { platformOrigin, storeOrigin } from "./store-origin.js";
import { Store } from "./store.entity.js";
import { Tenant } from "./tenant.entity.js";
import { SlugTakenError } from "./tenancy.errors.js";
import { slugSchema } from "./tenancy.schemas.js";
import { createStore, createTenant, getStore } from "./tenancy.service.js";

/** Requests one person may have waiting at once. */
export const MAX_PENDING_REQUESTS_PER_OWNER = 3;

type SmsConfig = Pick<Config, "SMS_PROVIDER" | "PUBLIC_URL" | "PLATFORM_DOMAIN">;

/**
 * Whether a store could be requested at `{slug}.{PLATFORM_DOMAIN}`, and if
 * not, why, in Persian: badly formed, reserved, a store has it, or another
 * request is waiting for it. The landing page's form asks as the owner types.
 */
export async function checkSlugAvailability(
  ctx: ServiceContext,
  rawSlug: string,
  config: Pick<Config, "PLATFORM_DOMAIN">,
): Promise<SlugAvailability> {
  const parsed = slugSchema.safeParse(rawSlug);
  const typed = rawSlug.trim().toLowerCase();
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    // The reserved-name rule is slugSchema's only refinement; every other issue is about the form.
    return { slug: typed, available: false, reason: issue.code === "custom" ? "reserved" : "invalid", host: null, message: issue.message };
  }
  const slug = parsed.data;
  const host = `${slug}.${config.PLATFORM_DOMAIN}`;
  if (await ctx.manager.getRepository(Store).existsBy({ slug })) {
    return { slug, available: false, reason: "taken", host, message: `نشانی ${host} پیش‌تر گرفته شده است؛ نشانی دیگری انتخاب کنید.` };
  }
  if (await ctx.manager.getRepository(StoreRequest).existsBy({ slug, status: "pending" })) {
    return {
      slug,
      available: false,
      reason: "requested",
      host,
      message: `برای نشانی ${host} درخواست دیگری در حال بررسی است؛ نشانی دیگری انتخاب کنید.`,
    };
  }
  return { slug, available: true, reason: null, host, message: `نشانی ${host} آزاد است.` };
}

/**
 * Records a signed-in person's request for a store as pending. The owner is
 * the signed-in user (their phone was verified by the SMS code); the slug
 * must be free of stores and of other pending requests, which the partial
 * unique index guarantees under any concurrency.
 */
export async function submitStoreRequest(ctx: ServiceContext, input: CreateStoreRequestInput): Promise<StoreRequest> {
  const data = createStoreRequestSchema.parse(input);
  const { userId } = requireUser(ctx);
  const owner = await ctx.manager.getRepository(User).findOneByOrFail({ id: userId });
  const requests = ctx.manager.getRepository(StoreRequest);
  if ((await requests.countBy({ ownerId: owner.id, status: "pending" })) >= MAX_PENDING_REQUESTS_PER_OWNER) {
    throw new TooManyPendingRequestsError(MAX_PENDING_REQUESTS_PER_OWNER);
  }
  if (await ctx.manager.getRepository(Store).existsBy({ slug: data.slug })) throw new SlugTakenError();
  if (await requests.existsBy({ slug: data.slug, status: "pending" })) throw new SlugRequestedError();
  try {
    return await requests.save(
      requests.create({
        storeName: data.storeName,
        slug: data.slug,
        description: data.description,
        ownerId: owner.id,
        ownerPhone: owner.phone,
        status: "pending",
      }),
    );
  } catch (error) {
    if (isUniqueViolation(error, "store_requests_pending_slug_key")) throw new SlugRequestedError();
    throw error;
  }
}

/** The signed-in person's own requests, newest first. */
export async function listMyStoreRequests(ctx: ServiceContext): Promise<StoreRequest[]> {
  const { userId } = requireUser(ctx);
  return ctx.manager
    .getRepository(StoreRequest)
    .find({ where: { ownerId: userId }, relations: { store: true }, order: { createdAt: "DESC" }, take: 50 });
}

/** Requests for staff: pending ones first, oldest first within a status (the review queue's order). */
export async function listStoreRequests(ctx: ServiceContext, filter: ListStoreRequestsInput = {}): Promise<StoreRequest[]> {
  requirePlatform(ctx);
  const data = listStoreRequestsSchema.parse(filter);
  const query = ctx.manager.getRepository(StoreRequest).createQueryBuilder("request").leftJoinAndSelect("request.store", "store");
  if (data.status) query.where("request.status = :status", { status: data.status });
  return query
    .orderBy("request.status = 'pending'", "DESC")
    .addOrderBy("request.created_at", "ASC")
    .addOrderBy("request.id", "ASC")
    .getMany();
}

export interface StoreRequestDecision {
  request: StoreRequest;
  store: Store | null;
  /** The owner's SMS, recorded in this transaction: enqueue it after the commit (enqueueSms). */
  sms: SmsJobData;
}

/**
 * Approves a pending request: provisions the owner's tenant (theirs if they
 * already own a store, else a new one named after the store), the store with
 * the owner as its first member (tenancy.service), marks the request
 * approved and records the owner's SMS with the store's address, all in the
 * caller's transaction. A decided request is refused, so approving twice
 * never makes two stores.
 */
export async function approveStoreRequest(
  ctx: ServiceContext,
  id: string,
  input: ApproveStoreRequestInput,
  config: SmsConfig,
): Promise<StoreRequestDecision> {
  requirePlatform(ctx);
  const options = approveStoreRequestSchema.parse(input);
  const request = await lockPendingRequest(ctx, id);
  const tenant = await tenantForOwner(ctx, request);
  const created = await createStore(ctx, {
    tenant: tenant.id,
    name: request.storeName,
    slug: request.slug,
    ownerPhone: request.ownerPhone,
    description: request.description,
    theme: options.theme,
    layout: options.layout,
  });
  const store = await getStore(ctx, created.id);
  Object.assign(request, { status: "approved", decidedAt: new Date(), decidedBy: actorLabel(ctx), storeId: store.id, store });
  await ctx.manager.getRepository(StoreRequest).save(request);
  const origin = storeOrigin(config, store);
  const sms = await recordSms(
    ctx,
    {
      kind: "notice",
      to: request.ownerPhone,
      storeId: store.id,
      text: `فروشگاه «${store.name}» شما در مال آماده شد.\nنشانی فروشگاه: ${origin}\nپنل مدیریت: ${platformOrigin(config)}/admin`,
    },
    config,
  );
  return { request, store, sms };
}

/** Rejects a pending request with a reason, which is texted to the owner; the slug is free again. */
export async function rejectStoreRequest(
  ctx: ServiceContext,
  id: string,
  input: RejectStoreRequestInput,
  config: SmsConfig,
): Promise<StoreRequestDecision> {
  requirePlatform(ctx);
  const { reason } = rejectStoreRequestSchema.parse(input);
  const request = await lockPendingRequest(ctx, id);
  Object.assign(request, { status: "rejected", reason, decidedAt: new Date(), decidedBy: actorLabel(ctx) });
  await ctx.manager.getRepository(StoreRequest).save(request);
  const sms = await recordSms(
    ctx,
    {
      kind: "notice",
      to: request.ownerPhone,
      storeId: null,
      text: `درخواست فروشگاه «${request.storeName}» در مال پذیرفته نشد.\nدلیل: ${reason}\nمی‌توانید درخواست تازه‌ای ثبت کنید: ${platformOrigin(config)}`,
    },
    config,
  );
  return { request, store: null, sms };
}

/** The request, locked for this transaction, so two staff deciding at once decide once. */
async function lockPendingRequest(ctx: ServiceContext, id: string): Promise<StoreRequest> {
  if (!UUID_PATTERN.test(id)) throw new StoreRequestNotFoundError();
  const request = await ctx.manager.getRepository(StoreRequest).findOne({ where: { id }, lock: { mode: "pessimistic_write" } });
  if (!request) throw new StoreRequestNotFoundError();
  if (request.status !== "pending") throw new StoreRequestDecidedError(request.status);
  return request;
}

/** The tenant of the owner's first store, or a new one named after this store, with the store's slug (or the first free `slug-N`). */
async function tenantForOwner(ctx: ServiceContext, request: StoreRequest): Promise<Tenant> {
  const owned = await ctx.manager
    .getRepository(Store)
    .findOne({ where: { ownerId: request.ownerId }, relations: { tenant: true }, order: { createdAt: "ASC" } });
  if (owned?.tenant) return owned.tenant;
  const tenants = ctx.manager.getRepository(Tenant);
  let slug = request.slug;
  for (let n = 2; await tenants.existsBy({ slug }); n++) slug = `${request.slug.slice(0, 36)}-${n}`;
  return createTenant(ctx, { name: request.storeName, slug });
}

function actorLabel(ctx: ServiceContext): string {
  return ctx.actor.kind === "system" ? ctx.actor.name : ctx.actor.kind === "user" ? `user:${ctx.actor.userId}` : "anonymous";
}
