import { useRef, useState, type FormEvent } from "react";
import { toPersianDigits } from "@mall/locale";
import { useTypedBeforeHydration } from "../lib/typed-before-hydration.ts";
import { api, ApiError, saveSession } from "./api.ts";
import { mergeCartAtSignIn } from "./cart-sync.ts";
import { FieldError, inputClass, primaryButton } from "./ui.tsx";

interface Tokens {
  accessToken: string;
  expiresIn: number;
  user: { phone: string };
}

/**
 * Sign-in by SMS code at this store: the mobile number, then the 6-digit code
 * texted to it (the browser may offer it from the SMS: one-time-code). The
 * refresh token goes into an httpOnly cookie of this store's host (no page
 * script can read it); the short-lived access token, good at this store only,
 * is kept in this browser. The store learns the shopper as its customer.
 */
export default function SignIn({ storeSlug, intro }: { storeSlug: string; intro?: string }) {
  const [phone, setPhone] = useState("");
  // The page is static HTML: a number typed before this island hydrated is kept, and the button takes it.
  const phoneInput = useRef<HTMLInputElement>(null);
  useTypedBeforeHydration(phoneInput, setPhone);
  const [code, setCode] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  // The code's challenge: only this page has it, so nobody else can use up the code's tries.
  const [challenge, setChallenge] = useState<string | undefined>(undefined);
  const [notice, setNotice] = useState<string | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const fail = (error: unknown, fallbackField: string) => {
    if (error instanceof ApiError) setErrors({ [error.field ?? fallbackField]: error.message });
    else setErrors({ [fallbackField]: "خطایی رخ داد؛ لطفاً دوباره تلاش کنید." });
  };

  const sendCode = async (event?: FormEvent) => {
    event?.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      const sent = await api<{ phone: string; message: string; challenge?: string }>("POST", "/auth/send-otp", { phone });
      setSentTo(sent.phone);
      setChallenge(sent.challenge);
      setNotice(sent.message);
    } catch (error) {
      fail(error, "phone");
    } finally {
      setBusy(false);
    }
  };

  const verify = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors({});
    try {
      saveSession(storeSlug, await api<Tokens>("POST", "/auth/verify-otp", { phone: sentTo, code, challenge, refreshTokenIn: "cookie" }));
      void mergeCartAtSignIn(storeSlug);
    } catch (error) {
      fail(error, "code");
      setBusy(false);
    }
  };

  return (
    <div className="space-y-3" data-testid="sign-in">
      {intro && <p className="text-sm text-[var(--c-muted)]">{intro}</p>}
      {sentTo === null ? (
        <form onSubmit={(e) => void sendCode(e)} className="space-y-3" noValidate>
          <label className="block">
            <span className="mb-1 block text-sm font-bold">شمارهٔ همراه</span>
            <input
              ref={phoneInput}
              name="phone"
              type="tel"
              inputMode="tel"
              autoComplete="tel"
              dir="ltr"
              placeholder="۰۹۱۲ ۱۲۳ ۴۵۶۷"
              value={phone}
              onChange={(e) => setPhone(e.target.value)}
              aria-invalid={errors.phone ? true : undefined}
              className={inputClass(Boolean(errors.phone))}
            />
            <FieldError message={errors.phone} />
          </label>
          <button type="submit" disabled={busy || phone.trim() === ""} className={primaryButton}>
            دریافت کد ورود
          </button>
        </form>
      ) : (
        <form onSubmit={(e) => void verify(e)} className="space-y-3" noValidate>
          {notice && (
            <p role="status" className="text-sm">
              {notice}
            </p>
          )}
          <label className="block">
            <span className="mb-1 block text-sm font-bold">کد ورود</span>
            <input
              name="code"
              inputMode="numeric"
              autoComplete="one-time-code"
              dir="ltr"
              maxLength={12}
              placeholder={toPersianDigits("123456")}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              aria-invalid={errors.code ? true : undefined}
              className={inputClass(Boolean(errors.code))}
            />
            <FieldError message={errors.code} />
          </label>
          <div className="flex flex-wrap items-center gap-3">
            <button type="submit" disabled={busy || code.trim() === ""} className={primaryButton}>
              ورود
            </button>
            <button type="button" className="min-h-11 text-sm underline" onClick={() => void sendCode()} disabled={busy}>
              ارسال دوبارهٔ کد
            </button>
            <button
              type="button"
              className="min-h-11 text-sm underline"
              onClick={() => {
                setSentTo(null);
                setCode("");
                setErrors({});
              }}
            >
              تغییر شماره
            </button>
          </div>
        </form>
      )}
    </div>
  );
}
