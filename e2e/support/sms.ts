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
