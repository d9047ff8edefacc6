import type { ActionProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import type { TelegramPage } from "../resources/store-telegram.action.js";
import { recordAction, type ActionCall } from "./action-call.js";
import { confirmation, publishingStatus } from "./social-status.js";
import { browser, DS, faNumber, h, jalali, prevent, valueOf } from "./ui.js";

interface Answer {
  telegram?: TelegramPage;
  preview?: { productId: string; text: string; image: string | null };
  error?: { field: string; message: string };
  done?: string;
}

const answerOf = (call: ActionCall) => call.data as unknown as Answer;

const REMOVED_LABELS = {
  delete: "پست محصول حذف شود",
  mark: "پست بماند و «دیگر عرضه نمی‌شود» بگیرد",
} as const;

/**
 * «کانال تلگرام»: connect a channel with the proof the service asks for (a
 * one-time code the merchant posts in it; the page checks every few seconds
 * until the bot has seen it), the sync's state, a product's caption as it
 * will be posted, «ارسال همه محصولات» and disconnecting, each asked once
 * more before it is done.
 */
const StoreTelegram: React.FC<ActionProps> = ({ action, record, resource }) => {
  const recordId = String(record?.id ?? "");
  const [page, setPage] = useState<TelegramPage | null>(null);
  const [channel, setChannel] = useState("");
  const [onRemoved, setOnRemoved] = useState<"delete" | "mark">("delete");
  const [error, setError] = useState<Answer["error"] | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [confirming, setConfirming] = useState<"postAll" | "disconnect" | null>(null);
  const [productId, setProductId] = useState("");
  const [preview, setPreview] = useState<Answer["preview"] | null>(null);

  const load = async () => {
    const answer = answerOf(await recordAction(resource.id, recordId, action.name));
    if (answer.telegram) setPage(answer.telegram);
    return answer.telegram;
  };

  useEffect(() => {
    load().then((loaded) => {
      if (loaded?.channel) setOnRemoved(loaded.channel.onRemoved);
      if (loaded?.products[0]) setProductId(loaded.products[0].id);
    });
  }, [recordId]);

  // While a code waits to be posted, look every few seconds whether the bot has seen it.
  const waiting = Boolean(page?.claim && !page.claim.expired);
  useEffect(() => {
    if (!waiting) return;
    const timer = browser.setTimeout(() => void load(), 3000);
    return () => browser.clearTimeout(timer);
  }, [waiting, page]);

  const send = async (data: Record<string, string>) => {
    setBusy(true);
    setError(null);
    setDone(null);
    const answer = answerOf(await recordAction(resource.id, recordId, action.name, data));
    setBusy(false);
    setConfirming(null);
    if (answer.telegram) setPage(answer.telegram);
    if (answer.error) setError(answer.error);
    if (answer.done) setDone(answer.done);
    if (answer.preview) setPreview(answer.preview);
  };

  if (!page) return h(DS.Loader, null);
  const fieldError = (field: string) => (error && error.field === field ? error.message : null);
  const formError = error && !["channel", "productId"].includes(error.field) ? error.message : null;
  const removedChoice = (name: string) =>
    h(
      "div",
      { className: "mall-options", role: "radiogroup", "aria-label": "وقتی محصولی غیرفعال یا حذف شد" },
      ...(["delete", "mark"] as const).map((value) =>
        h(
          "label",
          { key: value, className: "mall-option", htmlFor: `${name}-${value}` },
          h("input", {
            type: "radio",
            id: `${name}-${value}`,
            name,
            value,
            checked: onRemoved === value,
            onChange: () => setOnRemoved(value),
          }),
          REMOVED_LABELS[value],
        ),
      ),
    );

  const connected = page.channel?.proven ? page.channel : null;
  const status = connected
    ? publishingStatus({
        prefix: "telegram",
        pausedBecause: page.pausedBecause,
        subject: [
          ` کانال «${connected.title}» `,
          // The space outside: inside a left-to-right run it would fall on the far side, leaving «…»@name joined.
          connected.username ? h("bdi", { dir: "ltr" }, `@${connected.username}`) : null,
          ` — وصل‌شده از ${jalali(connected.connectedAt)}`,
        ],
        figures: [
          { label: "پست‌های منتشرشده", value: faNumber(page.posted) },
          { label: "در صف ارسال", value: faNumber(page.waiting) },
          { label: "ناموفق", value: faNumber(page.failed) },
          {
            label: "آخرین پست",
            testId: "telegram-last-post",
            value: page.lastPost ? `${page.lastPost.name} — ${jalali(page.lastPost.at)}` : "هنوز پستی منتشر نشده است",
          },
        ],
        children: [
          page.errors.length > 0
            ? h(
                "div",
                { key: "errors" },
                h(DS.Text, { mt: "lg", mb: "sm" }, "آخرین خطاها"),
                h(
                  "ul",
                  { className: "mall-telegram__errors" },
                  ...page.errors.map((entry, index) => h("li", { key: index }, `${entry.name} (${jalali(entry.at)}): ${entry.error}`)),
                ),
              )
            : null,
          h(
            DS.Box,
            {
              key: "settings",
              as: "form",
              mt: "xl",
              onSubmit: (event: unknown) => (prevent(event), void send({ op: "settings", onRemoved })),
            },
            h(DS.Label, null, "وقتی محصولی غیرفعال یا حذف شد"),
            removedChoice("settings-onRemoved"),
            h(DS.Button, { variant: "outlined", type: "submit", disabled: busy }, "ذخیرهٔ تنظیمات"),
          ),
          h(
            DS.Box,
            { key: "actions", mt: "xl", className: "mall-social__actions" },
            confirming === "postAll"
              ? confirmation({
                  testId: "telegram-post-all-confirm",
                  question: `همهٔ ${faNumber(page.products.length)} محصول فعال، از جمله محصولات قدیمی، در کانال منتشر می‌شوند؛ محصولی که پیش‌تر منتشر شده دوباره فرستاده نمی‌شود. ادامه می‌دهید؟`,
                  yes: "بله، همه را بفرست",
                  variant: "primary",
                  busy,
                  onYes: () => void send({ op: "postAll" }),
                  onCancel: () => setConfirming(null),
                })
              : confirming === "disconnect"
                ? confirmation({
                    testId: "telegram-disconnect-confirm",
                    question: "انتشار در این کانال متوقف می‌شود و پست‌های قبلی همان‌طور در کانال می‌مانند. جدا می‌کنید؟",
                    yes: "بله، جدا کن",
                    variant: "danger",
                    busy,
                    onYes: () => void send({ op: "disconnect", confirmed: "true" }),
                    onCancel: () => setConfirming(null),
                  })
                : h(
                    DS.Box,
                    null,
                    h(
                      DS.Button,
                      {
                        variant: "primary",
                        type: "button",
                        onClick: () => setConfirming("postAll"),
                        disabled: busy || Boolean(page.pausedBecause),
                        "data-testid": "telegram-post-all",
                      },
                      "ارسال همه محصولات",
                    ),
                    h(
                      DS.Button,
                      {
                        variant: "danger",
                        type: "button",
                        onClick: () => setConfirming("disconnect"),
                        disabled: busy,
                        "data-testid": "telegram-disconnect",
                      },
                      "جدا کردن کانال",
                    ),
                  ),
          ),
        ],
      })
    : null;

  const claim = page.claim;
  const claimBox = claim
    ? h(
        "section",
        { className: "mall-section mall-telegram__claim", "data-testid": "telegram-claim", "aria-labelledby": "telegram-claim-title" },
        h(DS.H5, { id: "telegram-claim-title", mb: "md" }, `کد تأیید کانال «${claim.title}»`),
        h("p", { className: "mall-telegram__code", dir: "ltr", "data-testid": "telegram-code" }, claim.code),
        h("ol", { className: "mall-telegram__steps" }, ...claim.steps.map((step, index) => h("li", { key: index }, step))),
        claim.expired
          ? h(DS.MessageBox, { variant: "danger", mb: "md", message: "زمان این کد گذشته است؛ کد تازه‌ای بگیرید." })
          : h(
              DS.Text,
              { mb: "md", "data-testid": "telegram-waiting" },
              `منتظر دیدن کد در کانال هستیم… (اعتبار تا ${jalali(claim.expiresAt)})`,
            ),
        claim.lastError
          ? h(DS.MessageBox, { variant: "danger", mb: "md", message: claim.lastError, "data-testid": "telegram-claim-error" })
          : null,
      )
    : null;

  const connectForm = h(
    "section",
    { className: "mall-section", "aria-labelledby": "telegram-connect-title" },
    h(DS.H5, { id: "telegram-connect-title", mb: "md" }, connected ? "وصل کردن کانال دیگر" : "وصل کردن کانال"),
    h(
      DS.Text,
      { mb: "md" },
      "برای اینکه مطمئن شویم کانال مال شماست، پس از نوشتن نشانی کانال یک کد یک‌بارمصرف می‌گیرید و آن را در همان کانال منتشر می‌کنید. پیش از آن ربات ",
      // Left to right on its own: in the Persian sentence the @ went to the name's far end (mall_bot@).
      page.botUsername ? h("bdi", { dir: "ltr", "data-testid": "telegram-bot" }, `@${page.botUsername}`) : "فروشگاه",
      " را با دسترسی «ارسال پیام» و «حذف پیام‌های دیگران» مدیر کانال کنید.",
    ),
    h(
      DS.Box,
      { as: "form", onSubmit: (event: unknown) => (prevent(event), void send({ op: "claim", channel, onRemoved })) },
      h(
        DS.FormGroup,
        { error: Boolean(fieldError("channel")) },
        h(DS.Label, { htmlFor: "telegram-channel" }, "نشانی کانال"),
        h(DS.Input, {
          id: "telegram-channel",
          name: "channel",
          dir: "ltr",
          placeholder: "@my_shop",
          value: channel,
          onChange: (event: unknown) => setChannel(valueOf(event)),
          autoComplete: "off",
        }),
        h(DS.FormMessage, null, fieldError("channel")),
      ),
      connected ? null : h(DS.Box, null, h(DS.Label, null, "وقتی محصولی غیرفعال یا حذف شد"), removedChoice("claim-onRemoved")),
      h(
        DS.Button,
        {
          variant: connected ? "outlined" : "primary",
          type: "submit",
          disabled: busy || !page.configured,
          "data-testid": "telegram-claim-submit",
        },
        claim ? "دریافت کد تازه" : "دریافت کد تأیید",
      ),
    ),
  );

  const selected = page.products.find((product) => product.id === productId);
  const previewBox =
    page.products.length > 0
      ? h(
          "section",
          { className: "mall-section", "aria-labelledby": "telegram-preview-title" },
          h(DS.H5, { id: "telegram-preview-title", mb: "md" }, "پیش‌نمایش پست یک محصول"),
          h(
            DS.Box,
            { as: "form", onSubmit: (event: unknown) => (prevent(event), void send({ op: "preview", productId })) },
            h(DS.Label, { htmlFor: "telegram-product" }, "محصول"),
            h(
              "select",
              {
                id: "telegram-product",
                className: "mall-select",
                value: productId,
                onChange: (event: unknown) => setProductId(valueOf(event)),
              },
              ...page.products.map((product) => h("option", { key: product.id, value: product.id }, product.name)),
            ),
            h(DS.FormMessage, null, fieldError("productId")),
            h(
              DS.Button,
              { variant: "outlined", type: "submit", disabled: busy || !selected, mt: "md", "data-testid": "telegram-preview-submit" },
              "نمایش پیش‌نمایش",
            ),
          ),
          preview
            ? h(
                "figure",
                { className: "mall-telegram__post", "data-testid": "telegram-preview" },
                preview.image ? h("img", { src: preview.image, alt: "", width: 320 }) : null,
                h("figcaption", { className: "mall-telegram__caption" }, preview.text),
              )
            : null,
        )
      : null;

  return h(
    DS.Box,
    { className: "mall-telegram", p: "xl", bg: "white" },
    page.configured
      ? null
      : h(DS.MessageBox, {
          variant: "danger",
          mb: "xl",
          message: "ربات تلگرام این سامانه هنوز راه‌اندازی نشده است؛ لطفاً با پشتیبانی تماس بگیرید.",
        }),
    done ? h(DS.MessageBox, { variant: "success", mb: "xl", message: done, "data-testid": "telegram-done" }) : null,
    formError ? h(DS.MessageBox, { variant: "danger", mb: "xl", message: formError, "data-testid": "telegram-error" }) : null,
    page.channel && !page.channel.proven
      ? h(DS.MessageBox, {
          variant: "danger",
          mb: "xl",
          message: `کانال «${page.channel.title}» پیش از این بدون تأیید مالکیت وصل شده بود و انتشار در آن متوقف است؛ برای ادامه، کد تأیید بگیرید و در کانال منتشر کنید.`,
        })
      : null,
    status,
    claimBox,
    connectForm,
    previewBox,
  ) as React.ReactElement;
};

export default StoreTelegram;
