import { rateLimit } from "../http/rate-limit.js";
import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { z } from "../platform/zod.js";
import { presentStoreRequest } from "./store-request.presenters.js";
import {
  createStoreRequestSchema,
  slugAvailabilityQuerySchema,
  slugAvailabilitySchema,
  storeRequestSchema,
} from "./store-request.schemas.js";
import { checkSlugAvailability, listMyStoreRequests, submitStoreRequest } from "./store-request.service.js";

/** Checks per IP per minute: enough for typing with a debounce, too few to walk the namespace. */
export const SLUG_CHECKS_PER_MINUTE = 60;

/**
 * The landing page's store request form: a live slug check, the request
 * itself (signed in by SMS code on the platform's host, so the owner's
 * phone is verified), and the requester's own list.
 */
export function storeRequestRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource, config, redis, logger } = platform;
  const checksPerIp = rateLimit(redis, logger, {
    name: "slug-check-ip",
    points: SLUG_CHECKS_PER_MINUTE,
    durationSeconds: 60,
    failOpen: true,
  });
  return [
    defineRoute({
      method: "get",
      path: "/store-requests/slug-availability",
      summary: "Whether a store can be requested at {slug}.{PLATFORM_DOMAIN}, and if not why (in Persian)",
      tags: ["store requests"],
      query: slugAvailabilityQuerySchema,
      response: slugAvailabilitySchema,
      errors: [429],
      before: [checksPerIp],
      handler: async ({ query }, req) => checkSlugAvailability(readContext(req, dataSource), query.slug, config),
    }),
    defineRoute({
      method: "post",
      path: "/store-requests",
      summary: "Request a new store; the signed-in user is its owner, and staff approve or reject it",
      tags: ["store requests"],
      auth: true,
      body: createStoreRequestSchema,
      response: storeRequestSchema,
      status: 201,
      errors: [409, 422],
      handler: async ({ body }, req) =>
        presentStoreRequest(await inTransaction(req, dataSource, (ctx) => submitStoreRequest(ctx, body)), config),
    }),
    defineRoute({
      method: "get",
      path: "/me/store-requests",
      summary: "The signed-in user's own store requests, newest first",
      tags: ["store requests"],
      auth: true,
      response: z.object({ items: z.array(storeRequestSchema) }),
      handler: async (_input, req) => ({
        items: (await listMyStoreRequests(readContext(req, dataSource))).map((r) => presentStoreRequest(r, config)),
      }),
    }),
  ];
}
