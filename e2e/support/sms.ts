import { toLatinDigits } from "@mall/locale";
import type { KavenegarFake } from "@mall/server/test/fakes/kavenegar-server.js";
import type { Platform } from "@mall/server/platform/platform.js";
import { waitForLastOtp } from "@mall/server/test/sign-in.js";

/** Where a sign-in code can be read back: take a mark just before asking, then read the code sent after it. */
export interface SmsInbox {
  mark(phone: string): () => Promise<string>;
}

/** Codes the console SMS driver "sent" (the sms worker records the last one per phone in Redis). */
export function consoleInbox(platform: Pick<Platform, "redis">): SmsInbox {
  return {
    mark(phone) {
      const before = new Date().toISOString();
      return async () => (await waitForLastOtp(platform.redis, phone, { newerThan: before, timeoutMs: 30_000 })).code;
    },
  };
}

/** The national form Kavenegar's receptor carries: 0912…. */
const national = (phone: string) => `0${phone.slice(3)}`;

/**
 * Messages the local Kavenegar server accepted: the code (Latin digits) or the text of the first
 * message to a phone after the mark that matches, waiting up to 30 s for the sms worker.
 */
export function kavenegarInbox(kavenegar: KavenegarFake) {
  const textAfter = async (phone: string, since: number, matching: RegExp): Promise<string> => {
    const deadline = Date.now() + 30_000;
    for (;;) {
      const found = kavenegar.sent
        .slice(since)
        .find((sms) => sms.receptor === national(phone) && matching.test(sms.message ?? sms.token ?? ""));
      if (found) return found.message ?? found.token ?? "";
      if (Date.now() > deadline) throw new Error(`no message matching ${String(matching)} reached ${phone}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return {
    mark(phone: string) {
      const since = kavenegar.sent.length;
      return async () => toLatinDigits(/(\d{4,8}|[۰-۹]{4,8})/.exec(await textAfter(phone, since, /\d{4,8}|[۰-۹]{4,8}/))![1]!);
    },
    /** Marks now; the returned function reads the first matching message to `phone` sent after the mark. */
    markText(phone: string, matching: RegExp) {
      const since = kavenegar.sent.length;
      return () => textAfter(phone, since, matching);
    },
  } satisfies SmsInbox & Record<string, unknown>;
}
