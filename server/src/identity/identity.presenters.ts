import type { z } from "../platform/zod.js";
import type { meSchema, tokensSchema, userSchema } from "./identity.schemas.js";
import type { UserOverview } from "./sign-in.service.js";
import { ACCESS_TOKEN_TTL_SECONDS, REFRESH_TOKEN_TTL_SECONDS, type Session } from "./token.service.js";
import type { User } from "./user.entity.js";

export function presentUser(user: User): z.input<typeof userSchema> {
  return { id: user.id, phone: user.phone, name: user.name, isStaff: user.isStaff };
}

/** The tokens as the API answers them; `refreshInCookie`: the refresh token went into the httpOnly cookie and stays out of the body. */
export function presentSession(session: Session, options: { refreshInCookie?: boolean } = {}): z.input<typeof tokensSchema> {
  return {
    tokenType: "Bearer",
    accessToken: session.accessToken,
    expiresIn: ACCESS_TOKEN_TTL_SECONDS,
    ...(options.refreshInCookie ? {} : { refreshToken: session.refreshToken }),
    refreshExpiresIn: REFRESH_TOKEN_TTL_SECONDS,
    user: presentUser(session.user),
  };
}

export function presentMe(overview: UserOverview): z.input<typeof meSchema> {
  return {
    user: presentUser(overview.user),
    isStaff: overview.user.isStaff,
    memberships: overview.memberships.map(({ store, role }) => ({ storeId: store.id, slug: store.slug, name: store.name, role })),
    customerOf: overview.customerOf.map((store) => ({ storeId: store.id, slug: store.slug, name: store.name })),
  };
}
