import type { Job } from "bullmq";
import type { DataSource } from "typeorm";
import { systemContext } from "../core/context.js";
import type { Config } from "../config/config.js";
import type { Logger } from "../platform/logger.js";
import { InstagramGraphError } from "./instagram-graph.js";
import type { InstagramLoginApi } from "./instagram-login.js";
import { instagramToken, tokenColumns } from "./instagram-token.js";
import { InstagramAccount } from "./instagram.entity.js";
import { INSTAGRAM_ACCESS_LOST, INSTAGRAM_TOKEN_EXPIRED, pauseInstagramAccount } from "./instagram.service.js";

/** How often the worker looks for Instagram tokens to refresh. */
export const INSTAGRAM_TOKEN_SWEEP_EVERY_MS = 6 * 3600_000;
/** Instagram refreshes only a long-lived token at least this old (PROTOCOLS.md §8). */
const REFRESHABLE_AFTER_MS = 24 * 3600_000;

export interface InstagramTokenDeps {
  dataSource: DataSource;
  config: Pick<Config, "PAYMENT_SECRET_KEY" | "INSTAGRAM_TOKEN_REFRESH_DAYS">;
  logger: Logger;
  /** Null when no Instagram app is configured: tokens are then only checked for expiry. */
  login: InstagramLoginApi | null;
}

export interface TokenSweepOutcome {
  refreshed: number;
  /** Past their expiry: the account is paused until the merchant connects it again. */
  expired: number;
  /** Instagram refused the refresh (access revoked): paused likewise. */
  revoked: number;
  /** Instagram out of reach: tried again at the next sweep. */
  failed: number;
  /** Due, but issued less than a day ago: Instagram would refuse; the next sweep refreshes it. */
  tooYoung: number;
}

/**
 * The sweep: every active account connected through Instagram Login whose
 * long-lived token expires within INSTAGRAM_TOKEN_REFRESH_DAYS gets a fresh
 * one (GET refresh_access_token: valid 60 days from then). Instagram
 * refreshes only a token at least 24 hours old and not yet expired, so a
 * younger one waits for a later sweep, and one already expired (the worker
 * was down for weeks) pauses the account: the merchant must connect it
 * again, and the publish job skips it meanwhile. A refusal pauses it the
 * same way; an outage leaves it for the next sweep. Tokens further from
 * their expiry are left alone, and pasted tokens (expiry unknown) too.
 */
export async function refreshInstagramTokens(deps: InstagramTokenDeps, now = new Date()): Promise<TokenSweepOutcome> {
  const outcome: TokenSweepOutcome = { refreshed: 0, expired: 0, revoked: 0, failed: 0, tooYoung: 0 };
  const ctx = systemContext(deps.dataSource.manager, "instagram-token");
  const due: InstagramAccount[] = await ctx.manager
    .getRepository(InstagramAccount)
    .createQueryBuilder("account")
    .where("account.connected_via = 'instagram_login'")
    .andWhere("account.status = 'active'")
    .andWhere("account.token_expires_at IS NOT NULL")
    .andWhere("account.token_expires_at < :horizon", {
      horizon: new Date(now.getTime() + deps.config.INSTAGRAM_TOKEN_REFRESH_DAYS * 86_400_000),
    })
    .orderBy("account.token_expires_at", "ASC")
    .getMany();
  for (const account of due) {
    const { storeId } = account;
    if (account.tokenExpiresAt!.getTime() <= now.getTime()) {
      await pauseInstagramAccount(ctx, account, INSTAGRAM_TOKEN_EXPIRED);
      deps.logger.warn(
        { storeId },
        "instagram: a token expired before it was refreshed; publishing paused until the account is reconnected",
      );
      outcome.expired++;
      continue;
    }
    if (!account.tokenIssuedAt || now.getTime() - account.tokenIssuedAt.getTime() < REFRESHABLE_AFTER_MS) {
      outcome.tooYoung++;
      continue;
    }
    if (!deps.login) {
      outcome.failed++;
      continue;
    }
    try {
      const fresh = await deps.login.refreshToken(instagramToken(deps.config, account));
      await ctx.manager.update(
        InstagramAccount,
        { id: account.id, storeId },
        {
          ...tokenColumns(deps.config, storeId, fresh.accessToken),
          tokenIssuedAt: now,
          tokenExpiresAt: new Date(now.getTime() + fresh.expiresIn * 1000),
          lastError: null,
        },
      );
      outcome.refreshed++;
    } catch (error) {
      if (!(error instanceof InstagramGraphError)) throw error;
      if (error.transient) {
        deps.logger.warn({ storeId, err: error.message }, "instagram: refreshing a token failed; tried again at the next sweep");
        outcome.failed++;
        continue;
      }
      await pauseInstagramAccount(ctx, account, INSTAGRAM_ACCESS_LOST);
      deps.logger.warn(
        { storeId, err: error.message },
        "instagram: Instagram refused to refresh a token; publishing paused until reconnected",
      );
      outcome.revoked++;
    }
  }
  return outcome;
}

/** The `instagram-token` queue: its repeatable `sweep` (scheduled by the workers). */
export function instagramTokenJob(deps: InstagramTokenDeps) {
  return async (job: Job) => {
    if (job.name !== "sweep") return { ignored: job.name };
    return refreshInstagramTokens(deps);
  };
}
