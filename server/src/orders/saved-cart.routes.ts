import { requireUser } from "../identity/authorization.js";
import { inTransaction, readContext } from "../http/request-context.js";
import { limiter } from "../http/rate-limit.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import type { Platform } from "../platform/platform.js";
import { storeOf } from "../tenancy/tenancy.routes.js";
import { savedCartInputSchema, savedCartSchema } from "./orders.schemas.js";
import { mergeIntoSavedCart, mySavedCart, replaceSavedCart, type SavedCartLine } from "./saved-cart.service.js";

const present = (items: SavedCartLine[]) => ({ items });

/**
 * A signed-in shopper's cart kept on the server (issue 23 #4), per store and
 * shopper: read on every page load, replaced after each change in the
 * browser, and merged with the browser's cart at sign-in.
 */
export function savedCartRoutes(platform: Platform): AnyRouteSpec[] {
  const { dataSource, redis, logger } = platform;
  // Every +, − and remove saves the cart; hundreds a minute from one account is a script.
  const changesPerUser = limiter(redis, logger, { name: "saved-cart-user", points: 240, durationSeconds: 60, failOpen: false });
  return [
    defineRoute({
      method: "get",
      path: "/me/cart",
      summary: "The signed-in shopper's cart at this store as it can be bought now: gone variants left out, quantities within stock",
      tags: ["orders"],
      store: true,
      auth: true,
      response: savedCartSchema,
      handler: async (_input, req) => present(await mySavedCart(readContext(req, dataSource), storeOf(req).id)),
    }),
    defineRoute({
      method: "put",
      path: "/me/cart",
      summary:
        "Replaces the signed-in shopper's cart with the browser's (variants the store no longer sells dropped, quantities kept within stock); answers the cart saved",
      tags: ["orders"],
      store: true,
      auth: true,
      body: savedCartInputSchema,
      response: savedCartSchema,
      errors: [429],
      handler: async ({ body }, req) => {
        await changesPerUser(requireUser(readContext(req, dataSource)).userId);
        return present(await inTransaction(req, dataSource, (ctx) => replaceSavedCart(ctx, storeOf(req).id, body.items)));
      },
    }),
    defineRoute({
      method: "post",
      path: "/me/cart/merge",
      summary:
        "At sign-in: adds the browser's cart to the saved one (quantities of a variant summed, then kept within stock; gone variants dropped); answers the merged cart",
      tags: ["orders"],
      store: true,
      auth: true,
      body: savedCartInputSchema,
      response: savedCartSchema,
      errors: [429],
      handler: async ({ body }, req) => {
        await changesPerUser(requireUser(readContext(req, dataSource)).userId);
        return present(await inTransaction(req, dataSource, (ctx) => mergeIntoSavedCart(ctx, storeOf(req).id, body.items)));
      },
    }),
  ];
}
