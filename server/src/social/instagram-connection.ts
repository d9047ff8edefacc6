import { recordAudit } from "../audit/audit.service.js";
import type { Config } from "../config/config.js";
import type { ServiceContext } from "../core/context.js";
import { tokenColumns } from "./instagram-token.js";
import { InstagramAccount } from "./instagram.entity.js";

/** An account Instagram has just confirmed for a store, with the token to publish with and how it came. */
export interface ConfirmedInstagramAccount {
  igUserId: string;
  username: string | null;
  token: string;
  connectedVia: InstagramAccount["connectedVia"];
  /** When the token was issued and when it expires: known for Instagram Login's long-lived token, null for a pasted one. */
  tokenIssuedAt: Date | null;
  tokenExpiresAt: Date | null;
}

/**
 * Saves (or replaces) the store's Instagram account, active, with its token
 * sealed at rest, and audits it (`instagram.connected`, before and after):
 * the one place both ways of connecting (the API's pasted token,
 * instagram.service; the back office's Instagram Login,
 * instagram-login.service) write the connection. Reconnecting the same
 * account keeps when it was first connected. The caller has checked the
 * person may manage the store and that Instagram confirmed the account.
 */
export async function saveInstagramConnection(
  ctx: ServiceContext,
  config: Pick<Config, "PAYMENT_SECRET_KEY">,
  storeId: string,
  connection: ConfirmedInstagramAccount,
): Promise<InstagramAccount> {
  const accounts = ctx.manager.getRepository(InstagramAccount);
  const existing = await accounts.findOneBy({ storeId });
  await accounts.upsert(
    {
      storeId,
      igUserId: connection.igUserId,
      username: connection.username,
      ...tokenColumns(config, storeId, connection.token),
      connectedVia: connection.connectedVia,
      tokenIssuedAt: connection.tokenIssuedAt,
      tokenExpiresAt: connection.tokenExpiresAt,
      status: "active",
      lastError: null,
      connectedAt: existing?.igUserId === connection.igUserId ? existing.connectedAt : new Date(),
    },
    { conflictPaths: ["storeId"] },
  );
  await recordAudit(ctx, {
    storeId,
    action: "instagram.connected",
    entityType: "store",
    entityId: storeId,
    before: existing
      ? { instagramAccount: accountName(existing), instagramConnectedVia: existing.connectedVia, status: existing.status }
      : null,
    after: { instagramAccount: accountName(connection), instagramConnectedVia: connection.connectedVia, status: "active" },
  });
  return accounts.findOneByOrFail({ storeId });
}

/** «@name», or the numeric id when Instagram gave no username. */
export function accountName(account: { username: string | null; igUserId: string }): string {
  return account.username ? `@${account.username}` : account.igUserId;
}
