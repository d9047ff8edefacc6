import { toPersianDigits } from "@mall/locale";
import type { Page } from "playwright-core";
import type { SmsInbox } from "./sms.js";

export { consoleInbox, kavenegarInbox, type SmsInbox } from "./sms.js";

/**
 * Signs a shopper in on a store site's sign-in island (sites/src/islands/SignIn.tsx: the account page,
 * checkout, the order page, the wishlist heart, «موجود شد خبرم کن») as they would: types the number
 * (09… in Persian digits unless `typed` says otherwise) as soon as the field shows, whether or not the
 * island has hydrated yet (it keeps what was typed before), asks for the code, types the code the inbox
 * got, and waits until the island has let go of the form, signed in. `beforeSignIn` runs with the code
 * typed, before «ورود» (for a screenshot of the step).
 */
export async function signInOnSite(
  page: Page,
  shopper: { phone: string; inbox: SmsInbox; typed?: string; beforeSignIn?: (page: Page) => Promise<unknown> },
): Promise<void> {
  const form = page.locator('[data-testid="sign-in"]');
  await form.locator('input[name="phone"]').fill(shopper.typed ?? toPersianDigits(`0${shopper.phone.slice(3)}`));
  const code = shopper.inbox.mark(shopper.phone);
  // Waits for the island to take the number: the button is enabled once it has.
  await form.locator('button:has-text("دریافت کد ورود")').click();
  await form.locator('input[name="code"]').fill(await code());
  await shopper.beforeSignIn?.(page);
  await form.locator('button:text-is("ورود")').click();
  await form.waitFor({ state: "detached" });
}
