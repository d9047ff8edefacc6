import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";

/**
 * Gateway credentials at rest: AES-256-GCM with a key derived from
 * PAYMENT_SECRET_KEY, a fresh 12-byte IV per write, and the store id and
 * gateway as associated data, so a ciphertext copied to another store's row
 * does not decrypt. Instagram access tokens are sealed the same way
 * (social/instagram-token.ts, `{storeId}:instagram`).
 */
function keyOf(secret: string): Buffer {
  return createHash("sha256").update(`mall:payment-credentials:v1:${secret}`).digest();
}

export function encryptCredentials(secret: string, context: string, credentials: Record<string, string>): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", keyOf(secret), iv);
  cipher.setAAD(Buffer.from(context));
  const ciphertext = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
  return ["v1", iv.toString("base64url"), cipher.getAuthTag().toString("base64url"), ciphertext.toString("base64url")].join(".");
}

export function decryptCredentials(secret: string, context: string, sealed: string): Record<string, string> {
  const [version, iv, tag, ciphertext] = sealed.split(".");
  if (version !== "v1" || !iv || !tag || ciphertext === undefined) throw new Error("unreadable gateway credentials");
  const decipher = createDecipheriv("aes-256-gcm", keyOf(secret), Buffer.from(iv, "base64url"));
  decipher.setAAD(Buffer.from(context));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  const plain = Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  return JSON.parse(plain) as Record<string, string>;
}

/** What a merchant sees of a stored secret: enough to recognise it, never enough to use it. */
export function hint(value: string): string {
  return value.length <= 4 ? "****" : `****${value.slice(-4)}`;
}
