import { INSTAGRAM_LOGIN_MESSAGES, INSTAGRAM_LOGIN_RESULTS, type InstagramLoginResult } from "@mall/locale";
import type { ActionProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import type { InstagramPage } from "../resources/store-instagram.action.js";
import { recordAction, type ActionCall } from "./action-call.js";
import { confirmation, publishingStatus } from "./social-status.js";
import { browser, DS, faNumber, h, jalali } from "./ui.js";

interface Answer {
  instagram?: InstagramPage;
  error?: { field: string; message: string };
  done?: string;
}

const answerOf = (call: ActionCall) => call.data as unknown as Answer;

/** How the last Instagram Login ended, from the callback's redirect (`?instagram=connected`, `…=denied`, …). */
function loginResult(): InstagramLoginResult | null {
  const value = new URLSearchParams(browser.location.search).get("instagram");
  return (INSTAGRAM_LOGIN_RESULTS as readonly string[]).includes(value ?? "") ? (value as InstagramLoginResult) : null;
}

/**
 * «اینستاگرام»: the store's Instagram account as the publishing sees it
 * (connected as @username, until when its access lasts, the last post, the
 * last refusal, paused and why), «اتصال به اینستاگرام» (the browser goes to
 * Instagram's authorize page through /admin/instagram/authorize and comes
 * back here with the result, shown in Persian) and «قطع اتصال», asked once
 * more before it is done.
 */
const StoreInstagram: React.FC<ActionProps> = ({ action, record, resource }) => {
  const recordId = String(record?.id ?? "");
  const [page, setPage] = useState<InstagramPage | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState(false);
  const [result] = useState(loginResult);

  useEffect(() => {
    void recordAction(resource.id, recordId, action.name).then((call) => {
      const answer = answerOf(call);
      if (answer.instagram) setPage(answer.instagram);
    });
  }, [recordId]);

  const disconnect = async () => {
    setBusy(true);
    setError(null);
    setDone(null);
    const answer = answerOf(await recordAction(resource.id, recordId, action.name, { op: "disconnect", confirmed: "true" }));
    setBusy(false);
    setConfirming(false);
    if (answer.instagram) setPage(answer.instagram);
    if (answer.error) setError(answer.error.message);
    if (answer.done) setDone(answer.done);
  };

  if (!page) return h(DS.Loader, null);
  const account = page.account;
  const connect = h(
    DS.Button,
    {
      variant: account && !page.pausedBecause ? "outlined" : "contained",
      type: "button",
      disabled: busy || !page.configured,
      onClick: () => browser.location.assign(page.connectUrl),
      "data-testid": "instagram-connect",
    },
    "اتصال به اینستاگرام",
  );

  const status = account
    ? publishingStatus({
        prefix: "instagram",
        pausedBecause: page.pausedBecause,
        subject: [
          " حساب ",
          account.username ? h("bdi", { dir: "ltr", "data-testid": "instagram-username" }, `@${account.username}`) : "اینستاگرام",
          ` — وصل‌شده از ${jalali(account.connectedAt)}`,
        ],
        figures: [
          {
            label: "اعتبار دسترسی تا",
            testId: "instagram-token-expiry",
            value: account.tokenExpiresAt
              ? `${jalali(account.tokenExpiresAt, false)} (پیش از آن خودکار تمدید می‌شود)`
              : "نامشخص (با توکن واردشده وصل شده است)",
          },
          { label: "پست‌های منتشرشده", value: faNumber(page.published) },
          {
            label: "آخرین پست",
            testId: "instagram-last-post",
            value: page.lastPost ? `${page.lastPost.name} — ${jalali(page.lastPost.at)}` : "هنوز پستی منتشر نشده است",
          },
          {
            label: "آخرین خطا",
            testId: "instagram-last-error",
            value: page.lastError
              ? `اینستاگرام پست «${page.lastError.name}» را نپذیرفت (${jalali(page.lastError.at)})؛ معمولاً به‌خاطر اندازه یا نسبت تصویر. تصویر دیگری برای محصول بگذارید.`
              : "خطایی نبوده است",
          },
        ],
      })
    : h(
        "section",
        { className: "mall-section", "aria-labelledby": "instagram-connect-title" },
        h(DS.H5, { id: "instagram-connect-title", mb: "md" }, "وصل کردن حساب اینستاگرام"),
        h(
          DS.Text,
          { mb: "md", "data-testid": "instagram-not-connected" },
          "حسابی وصل نیست. با «اتصال به اینستاگرام» به صفحهٔ ورود اینستاگرام می‌روید، وارد حساب حرفه‌ای (تجاری یا تولیدکنندهٔ محتوا) فروشگاه می‌شوید و اجازهٔ انتشار را می‌دهید؛ سپس به همین صفحه برمی‌گردید. از آن پس محصولات تازه در آن حساب منتشر می‌شوند.",
        ),
      );

  const actions = h(
    DS.Box,
    { mt: "xl", className: "mall-social__actions" },
    confirming
      ? confirmation({
          testId: "instagram-disconnect-confirm",
          question: "انتشار در این حساب متوقف می‌شود و پست‌های قبلی همان‌طور در اینستاگرام می‌مانند. اتصال را قطع می‌کنید؟",
          yes: "بله، قطع کن",
          variant: "danger",
          busy,
          onYes: () => void disconnect(),
          onCancel: () => setConfirming(false),
        })
      : h(
          DS.Box,
          null,
          connect,
          account
            ? h(
                DS.Button,
                {
                  variant: "danger",
                  type: "button",
                  onClick: () => setConfirming(true),
                  disabled: busy,
                  "data-testid": "instagram-disconnect",
                },
                "قطع اتصال",
              )
            : null,
        ),
  );

  return h(
    DS.Box,
    { className: "mall-instagram", p: "xl", bg: "white" },
    page.configured ? null : h(DS.MessageBox, { variant: "danger", mb: "xl", message: INSTAGRAM_LOGIN_MESSAGES.not_configured }),
    result && !done
      ? h(DS.MessageBox, {
          variant: result === "connected" ? "success" : "danger",
          mb: "xl",
          message: INSTAGRAM_LOGIN_MESSAGES[result],
          "data-testid": "instagram-result",
        })
      : null,
    done ? h(DS.MessageBox, { variant: "success", mb: "xl", message: done, "data-testid": "instagram-done" }) : null,
    error ? h(DS.MessageBox, { variant: "danger", mb: "xl", message: error, "data-testid": "instagram-error" }) : null,
    status,
    actions,
  ) as React.ReactElement;
};

export default StoreInstagram;
