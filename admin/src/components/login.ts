import type React from "react";
import { useState } from "react";
import { browser, DS, h, prevent, valueOf } from "./ui.js";

interface ErrorBody {
  error?: { message?: string; field?: string };
  message?: string;
  phone?: string;
  redirectUrl?: string;
  challenge?: string;
  resendAfterSeconds?: number;
}

async function post(url: string, body: unknown): Promise<{ ok: boolean; body: ErrorBody }> {
  const response = await fetch(url, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json" },
    body: JSON.stringify(body),
    credentials: "same-origin",
  });
  try {
    return { ok: response.ok, body: (await response.json()) as ErrorBody };
  } catch {
    return { ok: false, body: { error: { message: "پاسخ سرور خوانا نبود؛ لطفاً دوباره تلاش کنید." } } };
  }
}

/**
 * The back office's sign-in, in two steps: the mobile number (a code is
 * texted to it), then the code. It replaces AdminJS's email and password
 * page; the server side is auth/login.routes.ts.
 */
const Login: React.FC = () => {
  const action = browser.__APP_STATE__?.action ?? "/admin/login";
  const [step, setStep] = useState<"phone" | "code">("phone");
  const [phone, setPhone] = useState("");
  const [normalised, setNormalised] = useState("");
  // The code's challenge: only this page has it, so nobody else can use up the code's tries.
  const [challenge, setChallenge] = useState<string | undefined>(undefined);
  const [code, setCode] = useState("");
  const [info, setInfo] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const sendCode = async (event: unknown) => {
    prevent(event);
    setBusy(true);
    setError(null);
    const { ok, body } = await post(`${action}/code`, { phone });
    setBusy(false);
    if (!ok) {
      setError(body.error?.message ?? "ارسال کد ممکن نشد؛ لطفاً دوباره تلاش کنید.");
      return;
    }
    setNormalised(body.phone ?? phone);
    setChallenge(body.challenge);
    setInfo(body.message ?? null);
    setStep("code");
  };

  const verify = async (event: unknown) => {
    prevent(event);
    setBusy(true);
    setError(null);
    const { ok, body } = await post(action, { phone: normalised || phone, code, challenge });
    if (ok && body.redirectUrl) {
      browser.location.assign(body.redirectUrl);
      return;
    }
    setBusy(false);
    setError(body.error?.message ?? "ورود ممکن نشد؛ لطفاً دوباره تلاش کنید.");
  };

  const field = (label: string, input: Record<string, unknown>) =>
    h(DS.FormGroup, null, h(DS.Label, { htmlFor: input.id, required: true }, label), h(DS.Input, { width: 1, ...input }));

  const form =
    step === "phone"
      ? h(
          "form",
          { onSubmit: sendCode, className: "mall-login__form", noValidate: true },
          field("شمارهٔ همراه", {
            id: "phone",
            name: "phone",
            value: phone,
            onChange: (event: unknown) => setPhone(valueOf(event)),
            inputMode: "tel",
            autoComplete: "tel",
            placeholder: "۰۹۱۲۱۲۳۴۵۶۷",
            dir: "ltr",
            autoFocus: true,
          }),
          h(
            DS.Button,
            { variant: "contained", type: "submit", disabled: busy || !phone.trim(), width: 1 },
            busy ? "در حال ارسال…" : "دریافت کد ورود",
          ),
        )
      : h(
          "form",
          { onSubmit: verify, className: "mall-login__form", noValidate: true },
          info ? h(DS.MessageBox, { variant: "info", message: info, mb: "lg" }) : null,
          field("کد ورود", {
            id: "code",
            name: "code",
            value: code,
            onChange: (event: unknown) => setCode(valueOf(event)),
            inputMode: "numeric",
            autoComplete: "one-time-code",
            placeholder: "کد ۶ رقمی",
            dir: "ltr",
            maxLength: 12,
            autoFocus: true,
          }),
          h(DS.Button, { variant: "contained", type: "submit", disabled: busy || !code.trim(), width: 1 }, busy ? "در حال بررسی…" : "ورود"),
          h(
            DS.Button,
            {
              variant: "text",
              type: "button",
              mt: "default",
              onClick: () => {
                setStep("phone");
                setCode("");
                setInfo(null);
                setError(null);
              },
            },
            "تغییر شماره یا دریافت کد دوباره",
          ),
        );

  return h(
    "div",
    { className: "mall-login" },
    h(
      DS.Box,
      { className: "mall-login__card", bg: "white", p: "x3", boxShadow: "login" },
      h(DS.H2, { className: "mall-login__title" }, "ورود به پیشخوان مال"),
      h(
        DS.Text,
        { mb: "xl", color: "grey60" },
        step === "phone" ? "شمارهٔ همراه خود را وارد کنید تا کد ورود برایتان پیامک شود." : "کدی را که پیامک شد وارد کنید.",
      ),
      error ? h(DS.MessageBox, { variant: "danger", message: error, mb: "lg" }) : null,
      form,
    ),
  );
};

export default Login;
