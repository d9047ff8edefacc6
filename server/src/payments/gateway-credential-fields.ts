import type { GatewayName } from "./payment-state.js";

/**
 * The Persian labels of each gateway's credential fields, apart from their
 * zod schemas (gateway-credentials.ts) so the back office's browser bundle
 * can show the form without bundling zod.
 */
export interface CredentialField {
  name: string;
  /** What the merchant reads beside the input. */
  label: string;
  /** Typed into a password input. Every stored value is encrypted and shown back only as a hint; a terminal number is printed on the POS receipt, so a plain input. */
  secret: boolean;
}

/** The fields of each gateway in the order the back office shows them. */
export const GATEWAY_CREDENTIAL_FIELDS: Readonly<Record<GatewayName, readonly CredentialField[]>> = {
  sandbox: [],
  zarinpal: [{ name: "merchantId", label: "مرچنت‌کد زرین‌پال", secret: true }],
  mellat: [
    { name: "terminalId", label: "شمارهٔ ترمینال", secret: false },
    { name: "userName", label: "نام کاربری", secret: true },
    { name: "userPassword", label: "رمز عبور", secret: true },
  ],
  saman: [{ name: "terminalId", label: "شمارهٔ ترمینال (MID)", secret: false }],
  parsian: [{ name: "loginAccount", label: "کد پذیرندگی (PIN)", secret: true }],
};
