import { useEffect, useRef, useState, type FormEvent, type ReactNode } from "react";
import { toPersianDigits } from "@mall/locale";
import { useTypedBeforeHydration } from "../../lib/typed-before-hydration.ts";
import { suggestSlug } from "../lib/slug-suggestion.ts";

interface ApiError {
  code: string;
  message: string;
  field?: string;
}
type ApiResult<T> = { ok: true; body: T } | { ok: false; error: ApiError };

interface Availability {
  slug: string;
  available: boolean;
  host: string | null;
  message: string;
}

const UNREACHABLE: ApiError = { code: "network", message: "ارتباط با سرور برقرار نشد؛ اتصال اینترنت را بررسی کنید و دوباره تلاش کنید." };

/** The platform's API on this same host (the landing page is served at the bare platform domain). */
async function api<T>(
  path: string,
  init: { method?: string; body?: unknown; token?: string; signal?: AbortSignal } = {},
): Promise<ApiResult<T>> {
  try {
    const response = await fetch(`/api/v1${path}`, {
      method: init.method ?? "GET",
      headers: {
        accept: "application/json",
        ...(init.body === undefined ? {} : { "content-type": "application/json" }),
        ...(init.token ? { authorization: `Bearer ${init.token}` } : {}),
      },
      ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
      ...(init.signal ? { signal: init.signal } : {}),
    });
    const body = (await response.json().catch(() => null)) as unknown;
    if (response.ok) return { ok: true, body: body as T };
    const error = (body as { error?: ApiError } | null)?.error;
    return { ok: false, error: error ?? UNREACHABLE };
  } catch (error) {
    if ((error as Error).name === "AbortError") throw error;
    return { ok: false, error: UNREACHABLE };
  }
}

const inputClass =
  "w-full rounded-xl border border-[var(--c-line)] bg-white px-4 py-3 text-[var(--c-ink)] outline-none transition focus:border-[var(--c-primary)] focus:ring-4 focus:ring-indigo-100 disabled:bg-slate-50";

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: ReactNode;
  error?: string | undefined;
  children: ReactNode;
}) {
  return (
    <div>
      <label htmlFor={id} className="mb-1.5 block text-sm font-bold">
        {label}
      </label>
      {children}
      {error ? (
        <p id={`${id}-error`} role="alert" className="mt-1.5 text-sm text-rose-600">
          {error}
        </p>
      ) : (
        hint && <div className="mt-1.5 text-sm text-[var(--c-muted)]">{hint}</div>
      )}
    </div>
  );
}

/**
 * The landing page's store request: the store's name (a subdomain is
 * suggested from it), the subdomain checked live, a short description, then
 * the owner's mobile, verified by an SMS code; the request is sent signed in
 * as that number. The access token lives only in this component's memory.
 */
export default function StoreRequestForm({ platformDomain }: { platformDomain: string }) {
  const [storeName, setStoreName] = useState("");
  const [slug, setSlug] = useState("");
  const [slugEdited, setSlugEdited] = useState(false);
  const [description, setDescription] = useState("");
  const [phone, setPhone] = useState("");
  const [code, setCode] = useState("");
  const [availability, setAvailability] = useState<Availability | "checking" | null>(null);
  const [codeSent, setCodeSent] = useState<{ phone: string; message: string; challenge?: string } | null>(null);
  const [resendIn, setResendIn] = useState(0);
  const [token, setToken] = useState<{ phone: string; accessToken: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState<"code" | "submit" | null>(null);
  const [done, setDone] = useState<{ host: string } | null>(null);
  const codeInput = useRef<HTMLInputElement>(null);
  const nameInput = useRef<HTMLInputElement>(null);
  const slugInput = useRef<HTMLInputElement>(null);
  const descriptionInput = useRef<HTMLTextAreaElement>(null);
  const phoneInput = useRef<HTMLInputElement>(null);

  // The live availability check: a moment after the owner stops typing, the last answer wins.
  useEffect(() => {
    if (!slug.trim()) {
      setAvailability(null);
      return;
    }
    setAvailability("checking");
    const controller = new AbortController();
    const timer = setTimeout(() => {
      api<Availability>(`/store-requests/slug-availability?slug=${encodeURIComponent(slug)}`, { signal: controller.signal })
        .then((result) => setAvailability(result.ok ? result.body : { slug, available: false, host: null, message: result.error.message }))
        .catch(() => {});
    }, 350);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [slug]);

  useEffect(() => {
    if (resendIn <= 0) return;
    const timer = setTimeout(() => setResendIn((seconds) => seconds - 1), 1000);
    return () => clearTimeout(timer);
  }, [resendIn]);

  const clearError = (field: string) =>
    setErrors((current) => {
      if (!(field in current)) return current;
      const next = { ...current };
      delete next[field];
      return next;
    });

  function onName(value: string) {
    setStoreName(value);
    clearError("storeName");
    if (!slugEdited) setSlug(suggestSlug(value));
  }

  // The landing page is static HTML: what the owner typed before this island hydrated is kept (name first, so that
  // a slug typed by hand wins over the one suggested from it).
  useTypedBeforeHydration(nameInput, onName);
  useTypedBeforeHydration(slugInput, (typed) => {
    setSlug(typed.toLowerCase());
    setSlugEdited(true);
  });
  useTypedBeforeHydration(descriptionInput, setDescription);
  useTypedBeforeHydration(phoneInput, setPhone);

  async function sendCode() {
    if (!phone.trim()) {
      setErrors((e) => ({ ...e, phone: "شمارهٔ همراه را وارد کنید." }));
      return;
    }
    setBusy("code");
    const result = await api<{ phone: string; message: string; resendAfterSeconds: number; challenge?: string }>("/auth/send-otp", {
      method: "POST",
      body: { phone },
    });
    setBusy(null);
    if (!result.ok) {
      setErrors((e) => ({ ...e, phone: result.error.message }));
      return;
    }
    clearError("phone");
    // The challenge stays with this page: the code's tries are only its own (nobody else can use them up).
    setCodeSent({
      phone: result.body.phone,
      message: result.body.message,
      ...(result.body.challenge ? { challenge: result.body.challenge } : {}),
    });
    setResendIn(result.body.resendAfterSeconds);
    setTimeout(() => codeInput.current?.focus(), 0);
  }

  async function submit(event: FormEvent) {
    event.preventDefault();
    const missing: Record<string, string> = {};
    if (storeName.trim().length < 2) missing.storeName = "نام فروشگاه را وارد کنید.";
    if (!slug.trim()) missing.slug = "نشانی فروشگاه را وارد کنید.";
    if (!codeSent) missing.phone = "ابتدا شمارهٔ همراه را وارد کنید و کد تأیید بگیرید.";
    else if (!token && !code.trim()) missing.code = "کد پیامک‌شده را وارد کنید.";
    if (Object.keys(missing).length > 0) {
      setErrors(missing);
      return;
    }
    setBusy("submit");
    try {
      // A code works once: after a refused request (a taken slug, say), the same sign-in sends the corrected one.
      let session = token;
      if (!session || session.phone !== codeSent!.phone) {
        const signIn = await api<{ accessToken: string; user: { phone: string } }>("/auth/verify-otp", {
          method: "POST",
          body: { phone: codeSent!.phone, code, challenge: codeSent!.challenge },
        });
        if (!signIn.ok) {
          setErrors({ [signIn.error.field === "phone" ? "phone" : "code"]: signIn.error.message });
          return;
        }
        session = { phone: signIn.body.user.phone, accessToken: signIn.body.accessToken };
        setToken(session);
      }
      const result = await api<{ slug: string }>("/store-requests", {
        method: "POST",
        token: session.accessToken,
        body: { storeName, slug, description },
      });
      if (!result.ok) {
        const field = result.error.field && ["storeName", "slug", "description"].includes(result.error.field) ? result.error.field : "form";
        setErrors({ [field]: result.error.message });
        return;
      }
      setDone({ host: `${result.body.slug}.${platformDomain}` });
    } finally {
      setBusy(null);
    }
  }

  if (done) {
    return (
      <div
        role="status"
        data-testid="request-done"
        className="landing-card-shadow rounded-3xl bg-white p-8 text-center text-[var(--c-ink)]"
      >
        <span className="mx-auto mb-5 flex h-16 w-16 items-center justify-center rounded-full bg-teal-50 text-teal-600">
          <svg
            viewBox="0 0 24 24"
            className="h-8 w-8"
            fill="none"
            stroke="currentColor"
            strokeWidth="2.5"
            strokeLinecap="round"
            strokeLinejoin="round"
            aria-hidden="true"
          >
            <path d="m5 12.5 4.5 4.5L19 7.5" />
          </svg>
        </span>
        <p className="text-xl font-black leading-9">درخواست شما ثبت شد؛ پس از بررسی با پیامک خبرتان می‌کنیم</p>
        <p className="mt-3 text-sm leading-7 text-[var(--c-muted)]">
          نشانی درخواستی شما:{" "}
          <span dir="ltr" className="font-bold text-[var(--c-primary)]">
            {done.host}
          </span>
        </p>
      </div>
    );
  }

  const slugStatus =
    availability === "checking" ? (
      <span>در حال بررسی نشانی…</span>
    ) : availability ? (
      <span
        data-testid="slug-status"
        data-available={availability.available ? "yes" : "no"}
        className={availability.available ? "font-bold text-teal-700" : "text-rose-600"}
      >
        {availability.available ? "✓ " : ""}
        {availability.message}
      </span>
    ) : (
      <span>فقط حروف کوچک لاتین، رقم و خط تیره؛ بعداً دامنهٔ خودتان را هم می‌توانید وصل کنید.</span>
    );

  return (
    <form
      onSubmit={submit}
      noValidate
      aria-labelledby="request-form-title"
      className="landing-card-shadow space-y-5 rounded-3xl bg-white p-6 text-[var(--c-ink)] md:p-8"
    >
      <div>
        <h3 id="request-form-title" className="text-xl font-black">
          درخواست ساخت فروشگاه
        </h3>
        <p className="mt-1 text-sm text-[var(--c-muted)]">کمتر از دو دقیقه وقت می‌گیرد.</p>
      </div>
      <Field id="store-name" label="نام فروشگاه" error={errors.storeName}>
        <input
          ref={nameInput}
          id="store-name"
          name="storeName"
          value={storeName}
          onChange={(e) => onName(e.target.value)}
          placeholder="مثلاً کتاب‌فروشی نمونه"
          maxLength={80}
          className={inputClass}
        />
      </Field>
      <Field id="store-slug" label="نشانی فروشگاه" error={errors.slug} hint={slugStatus}>
        <div
          dir="ltr"
          className="flex overflow-hidden rounded-xl border border-[var(--c-line)] focus-within:border-[var(--c-primary)] focus-within:ring-4 focus-within:ring-indigo-100"
        >
          <input
            ref={slugInput}
            id="store-slug"
            name="slug"
            value={slug}
            onChange={(e) => {
              setSlug(e.target.value.toLowerCase());
              setSlugEdited(true);
              clearError("slug");
            }}
            placeholder="ketab"
            autoComplete="off"
            spellCheck={false}
            maxLength={40}
            className="min-w-0 flex-1 bg-white px-4 py-3 text-[var(--c-ink)] outline-none"
          />
          <span className="flex items-center bg-slate-50 px-3 text-sm text-[var(--c-muted)]">.{platformDomain}</span>
        </div>
      </Field>
      <Field id="store-description" label="توضیح کوتاه (اختیاری)" error={errors.description}>
        <textarea
          ref={descriptionInput}
          id="store-description"
          name="description"
          value={description}
          onChange={(e) => setDescription(e.target.value)}
          rows={2}
          maxLength={500}
          placeholder="چه می‌فروشید؟"
          className={`${inputClass} block resize-none`}
        />
      </Field>
      <Field
        id="owner-phone"
        label="شمارهٔ همراه مدیر فروشگاه"
        error={errors.phone}
        hint={codeSent ? <span data-testid="code-sent">{codeSent.message}</span> : "کد تأیید به این شماره پیامک می‌شود."}
      >
        <div className="flex gap-2">
          <input
            ref={phoneInput}
            id="owner-phone"
            name="phone"
            type="tel"
            inputMode="tel"
            autoComplete="tel"
            dir="ltr"
            value={phone}
            onChange={(e) => {
              setPhone(e.target.value);
              clearError("phone");
              // A code belongs to the number it was sent to: a corrected number needs its own.
              if (codeSent) {
                setCodeSent(null);
                setResendIn(0);
                setCode("");
              }
            }}
            placeholder="۰۹۱۲۱۲۳۴۵۶۷"
            className={`${inputClass} min-w-0 text-start`}
          />
          <button
            type="button"
            onClick={() => void sendCode()}
            disabled={busy !== null || resendIn > 0}
            className="shrink-0 rounded-xl bg-indigo-50 px-4 text-sm font-bold text-[var(--c-primary)] hover:bg-indigo-100 disabled:cursor-not-allowed disabled:opacity-60"
          >
            {busy === "code"
              ? "در حال ارسال…"
              : resendIn > 0
                ? `ارسال دوباره (${toPersianDigits(resendIn)})`
                : codeSent
                  ? "ارسال دوباره"
                  : "دریافت کد"}
          </button>
        </div>
      </Field>
      {codeSent && (
        <Field id="otp-code" label="کد تأیید" error={errors.code}>
          <input
            ref={codeInput}
            id="otp-code"
            name="code"
            inputMode="numeric"
            autoComplete="one-time-code"
            dir="ltr"
            value={code}
            onChange={(e) => {
              setCode(e.target.value);
              clearError("code");
            }}
            placeholder="- - - - - -"
            maxLength={12}
            className={`${inputClass} text-center text-lg tracking-[0.5em]`}
          />
        </Field>
      )}
      {errors.form && (
        <p role="alert" className="rounded-xl bg-rose-50 p-3 text-sm text-rose-700">
          {errors.form}
        </p>
      )}
      <button
        type="submit"
        disabled={busy !== null}
        className="w-full rounded-xl bg-[var(--c-primary)] px-6 py-3.5 font-bold text-white shadow-lg shadow-indigo-900/20 hover:bg-indigo-800 disabled:opacity-60"
      >
        {busy === "submit" ? "در حال ثبت…" : "ثبت درخواست"}
      </button>
    </form>
  );
}
