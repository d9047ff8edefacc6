import { z } from "../platform/zod.js";
import type { GatewayName } from "./payment-state.js";
import { toLatinDigits } from "@mall/locale";

export { GATEWAY_CREDENTIAL_FIELDS, type CredentialField } from "./gateway-credential-fields.js";

/**
 * What each gateway needs from a store to take payments in its name: ONE zod
 * object per gateway (the settings API validates with it before encrypting;
 * drivers read the same keys from `GatewayPayment.credentials`), and the
 * Persian label the back office shows beside each field.
 *
 * Keys are the drivers' keys, named after the gateway's own wire fields
 * (PROTOCOLS.md): ZarinPal `merchant_id`; Mellat `terminalId`, `userName`,
 * `userPassword` on every SOAP call; Saman SEP `TerminalId` (the MID); Parsian
 * PEC `LoginAccount` (the PIN).
 */

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const digits = /^[0-9]+$/;

const text = (max: number) => z.string().trim().min(1, "این فیلد را وارد کنید.").max(max, `حداکثر ${max} نویسه.`);
const numeric = (max: number, message: string) =>
  z
    .string()
    .trim()
    .transform((value) => toLatinDigits(value))
    .pipe(z.string().min(1, "این فیلد را وارد کنید.").max(max, `حداکثر ${max} رقم.`).regex(digits, message));

export const GATEWAY_CREDENTIALS = {
  /** Our own local payment page: nothing to enter. */
  sandbox: z.object({}).strict(),
  zarinpal: z
    .object({
      /** 36-character UUID from the ZarinPal panel; the API wants it lower-case. */
      merchantId: z
        .string()
        .trim()
        .toLowerCase()
        .regex(uuid, "مرچنت‌کد باید شناسهٔ ۳۶ نویسه‌ای زرین‌پال باشد (مانند xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx)."),
    })
    .strict(),
  mellat: z
    .object({
      /** xs:long on the wire. */
      terminalId: numeric(18, "شمارهٔ ترمینال فقط رقم است."),
      userName: text(100),
      userPassword: text(100),
    })
    .strict(),
  saman: z
    .object({
      /** SEP's TerminalId, also called the MID. */
      terminalId: numeric(18, "شمارهٔ ترمینال (MID) فقط رقم است."),
    })
    .strict(),
  parsian: z
    .object({
      /** PEC's LoginAccount, the merchant PIN. */
      loginAccount: text(100),
    })
    .strict(),
} as const satisfies Record<GatewayName, z.ZodType<Record<string, string>>>;

export type GatewayCredentials<G extends GatewayName> = z.output<(typeof GATEWAY_CREDENTIALS)[G]>;

export type CredentialCheck = { ok: true; credentials: Record<string, string> } | { ok: false; error: z.ZodError };

/** Validates one gateway's credentials; the cleaned values (trimmed, ASCII digits, lower-case UUID) on success. */
export function parseGatewayCredentials(gateway: GatewayName, input: unknown): CredentialCheck {
  const result = GATEWAY_CREDENTIALS[gateway].safeParse(input);
  return result.success ? { ok: true, credentials: result.data as Record<string, string> } : { ok: false, error: result.error };
}
