import { escapeHtml, formatToman } from "@mall/locale";
import type { SandboxSession } from "./sandbox-gateway.js";
import { SANDBOX_PATH } from "./sandbox-gateway.js";

/** Server-rendered pages of the payment flow: Persian, right to left, no scripts (the CSP allows none inline). */

const STYLE = `body{font-family:Vazirmatn,Tahoma,sans-serif;background:#f5f5f4;color:#1c1917;margin:0;padding:2rem 1rem}
main{max-width:28rem;margin:0 auto;background:#fff;border-radius:1rem;padding:1.5rem;box-shadow:0 1px 3px #0002}
h1{font-size:1.25rem;margin-block:0 1rem}dl{display:grid;grid-template-columns:auto 1fr;gap:.5rem 1rem}dd{margin:0;font-weight:700}
form{display:inline}button{font:inherit;border:0;border-radius:.75rem;padding:.6rem 1.2rem;margin-inline-end:.5rem;cursor:pointer}
.pay{background:#059669;color:#fff}.fail{background:#dc2626;color:#fff}.cancel{background:#e7e5e4}.note{color:#57534e;font-size:.875rem}`;

function page(title: string, body: string): string {
  return `<!doctype html><html lang="fa" dir="rtl"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><link rel="icon" href="data:,"><title>${escapeHtml(title)}</title><style>${STYLE}</style></head><body><main>${body}</main></body></html>`;
}

export function messagePage(title: string, message: string): string {
  return page(title, `<h1>${escapeHtml(title)}</h1><p>${escapeHtml(message)}</p><p><a href="/">بازگشت به فروشگاه</a></p>`);
}

export function sandboxPage(authority: string, session: SandboxSession): string {
  const action = `${SANDBOX_PATH}/${encodeURIComponent(authority)}`;
  const button = (name: string, label: string, className: string) =>
    `<form method="post" action="${action}"><input type="hidden" name="action" value="${name}"><button type="submit" class="${className}" data-testid="sandbox-${name}">${label}</button></form>`;
  const decided = session.status !== "pending";
  return page(
    "درگاه پرداخت آزمایشی",
    `<h1>درگاه پرداخت آزمایشی</h1>
<p class="note">این صفحه فقط برای آزمایش است و پولی جابه‌جا نمی‌شود.</p>
<dl><dt>مبلغ</dt><dd data-testid="sandbox-amount">${escapeHtml(formatToman(session.amount))}</dd><dt>بابت</dt><dd>${escapeHtml(session.description)}</dd></dl>
${decided ? `<p>این پرداخت پیش‌تر انجام شده است.</p>` : ""}
<p>${button("pay", "پرداخت", "pay")}${button("fail", "پرداخت ناموفق", "fail")}${button("cancel", "انصراف", "cancel")}</p>`,
  );
}
