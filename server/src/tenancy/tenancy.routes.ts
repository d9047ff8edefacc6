import type { Request } from "express";
import type { DataSource } from "typeorm";
import { authorize } from "../identity/authorization.js";
import { enqueueSms } from "../messaging/sms.queue.js";
import type { Platform } from "../platform/platform.js";
import { inTransaction, readContext } from "../http/request-context.js";
import { z } from "../platform/zod.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import { STORE_LAYOUTS, STORE_THEMES } from "./store.entity.js";
import { presentStoreMember } from "./tenancy.presenters.js";
import { inviteMemberSchema, storeMemberSchema, updateMemberSchema, type StoreRef } from "./tenancy.schemas.js";
import { addStoreMember, listStoreMembers, memberByUserId, removeStoreMember } from "./tenancy.service.js";
import { inviteStoreMember } from "./member-invite.js";

const publicStoreSchema = z
  .object({
    id: z.uuid(),
    slug: z.string(),
    name: z.string(),
    theme: z.enum(STORE_THEMES),
    layout: z.enum(STORE_LAYOUTS),
  })
  .openapi("Store");

/** The store a request resolved to; set by requireStore before the handler runs. */
export function storeOf(req: Request): StoreRef {
  if (!req.store) throw new Error("route declared without store: true");
  return req.store;
}

const memberParams = z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست."), userId: z.uuid("شناسهٔ کاربر معتبر نیست.") });

/** The store routes; with the platform, an invitation texts the newcomer where to sign in. */
export function tenancyRoutes(dataSource: DataSource, platform?: Platform): AnyRouteSpec[] {
  return [
    defineRoute({
      method: "get",
      path: "/store",
      summary: "The store this host (or X-Store) names",
      tags: ["store"],
      store: true,
      response: publicStoreSchema,
      handler: async (_input, req) => {
        const { id, slug, name, theme, layout } = storeOf(req);
        return { id, slug, name, theme, layout };
      },
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/members",
      summary: "The people who run a store, with their roles (its owners and managers, or staff); another store answers 404",
      tags: ["store"],
      auth: true,
      params: z.object({ storeId: z.uuid("شناسهٔ فروشگاه معتبر نیست.") }),
      response: z.object({ items: z.array(storeMemberSchema) }),
      errors: [403, 404],
      handler: async ({ params }, req) => {
        const ctx = readContext(req, dataSource);
        await authorize(ctx, "store.members.read", { storeId: params.storeId });
        return { items: (await listStoreMembers(ctx, params.storeId)).map(presentStoreMember) };
      },
    }),
    defineRoute({
      method: "post",
      path: "/stores/:storeId/members",
      summary:
        "Invites someone by mobile number with a role (owners only); they sign in by SMS code and see the store. An existing member gets the new role",
      tags: ["store"],
      auth: true,
      params: memberParams.pick({ storeId: true }),
      body: inviteMemberSchema,
      response: storeMemberSchema,
      status: 201,
      errors: [403, 404],
      handler: async ({ params, body }, req) => {
        const { member, sms } = await inTransaction(req, dataSource, async (ctx) => {
          await authorize(ctx, "members:write", { storeId: params.storeId });
          return platform
            ? inviteStoreMember(ctx, platform.config, params.storeId, body.phone, body.role)
            : { ...(await addStoreMember(ctx, params.storeId, body.phone, body.role)), sms: null };
        });
        // Sent once the membership has committed; a newcomer learns where to sign in.
        if (sms && platform) await enqueueSms(platform, sms);
        return presentStoreMember(member);
      },
    }),
    defineRoute({
      method: "patch",
      path: "/stores/:storeId/members/:userId",
      summary: "Changes a member's role (owners only; the store's owner stays its owner)",
      tags: ["store"],
      auth: true,
      params: memberParams,
      body: updateMemberSchema,
      response: storeMemberSchema,
      errors: [403, 404],
      handler: ({ params, body }, req) =>
        inTransaction(req, dataSource, async (ctx) => {
          await authorize(ctx, "members:write", { storeId: params.storeId });
          const member = await memberByUserId(ctx, params.storeId, params.userId);
          return presentStoreMember((await addStoreMember(ctx, params.storeId, member.user!.phone, body.role)).member);
        }),
    }),
    defineRoute({
      method: "delete",
      path: "/stores/:storeId/members/:userId",
      summary: "Removes a member (owners only; the store's owner can't be removed)",
      tags: ["store"],
      auth: true,
      params: memberParams,
      response: z.object({ deleted: z.literal(true) }),
      errors: [403, 404],
      handler: ({ params }, req) =>
        inTransaction(req, dataSource, async (ctx) => {
          await authorize(ctx, "members:write", { storeId: params.storeId });
          const member = await memberByUserId(ctx, params.storeId, params.userId);
          await removeStoreMember(ctx, params.storeId, member.user!.phone);
          return { deleted: true as const };
        }),
    }),
  ];
}
