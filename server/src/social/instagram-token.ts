import type { Config } from "../config/config.js";
import { decryptCredentials, encryptCredentials } from "../payments/payment-secrets.js";
import type { InstagramAccount } from "./instagram.entity.js";

/**
 * An Instagram access token at rest: sealed as gateway credentials are
 * (AES-256-GCM under PAYMENT_SECRET_KEY, payments/payment-secrets.ts), with
 * `{storeId}:instagram` as associated data, so a sealed token copied to
 * another store's row does not open.
 */
const contextOf = (storeId: string) => `${storeId}:instagram`;

export function sealInstagramToken(config: Pick<Config, "PAYMENT_SECRET_KEY">, storeId: string, accessToken: string): string {
  return encryptCredentials(config.PAYMENT_SECRET_KEY, contextOf(storeId), { accessToken });
}

/** The account's token: the sealed one, or a token stored in plain before tokens were sealed. */
export function instagramToken(
  config: Pick<Config, "PAYMENT_SECRET_KEY">,
  account: Pick<InstagramAccount, "storeId" | "accessToken" | "accessTokenSealed">,
): string {
  if (account.accessTokenSealed) {
    const { accessToken } = decryptCredentials(config.PAYMENT_SECRET_KEY, contextOf(account.storeId), account.accessTokenSealed);
    if (accessToken) return accessToken;
  }
  if (account.accessToken) return account.accessToken;
  throw new Error(`instagram account of store ${account.storeId} holds no token`);
}

/** The columns that store a token: sealed, the plain column cleared. */
export function tokenColumns(config: Pick<Config, "PAYMENT_SECRET_KEY">, storeId: string, accessToken: string) {
  return { accessToken: null, accessTokenSealed: sealInstagramToken(config, storeId, accessToken) };
}
