import { useTranslation, type ActionProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import type { DomainView } from "../resources/store-domain.action.js";
import { recordAction } from "./action-call.js";
import { browser, DS, h, jalali, prevent, valueOf } from "./ui.js";

const PHASES: Record<DomainView["phase"], { label: string; variant: string; text: string }> = {
  none: {
    label: "بدون دامنه",
    variant: "secondary",
    text: "فروشگاه شما روی زیردامنهٔ مال باز می‌شود. دامنهٔ خودتان را وارد کنید تا رکوردهایی را که باید در DNS آن ثبت کنید ببینید.",
  },
  dns: {
    label: "در انتظار رکوردهای DNS",
    variant: "info",
    text: "این دو رکورد را در پنل DNS دامنه (جایی که دامنه را خریده‌اید یا سرویس DNS آن) ثبت کنید. ما هر ده دقیقه خودکار بررسی می‌کنیم؛ پس از ثبت می‌توانید «بررسی اکنون» را هم بزنید. رسیدن رکوردها به همهٔ سرورها گاهی تا چند ساعت طول می‌کشد.",
  },
  certificate: {
    label: "در حال صدور گواهی امنیتی",
    variant: "info",
    text: "دامنه تأیید شد. گواهی امنیتی (SSL) آن در حال صدور است؛ پس از آن فروشگاه روی این دامنه با https باز می‌شود.",
  },
  active: {
    label: "فعال",
    variant: "success",
    text: "فروشگاه شما روی این دامنه با https باز می‌شود. گواهی امنیتی پیش از پایان اعتبار خودکار تمدید می‌شود.",
  },
};

interface Clipboard {
  writeText(text: string): Promise<void>;
}
const clipboard = (globalThis as unknown as { navigator?: { clipboard?: Clipboard } }).navigator?.clipboard;

/**
 * A Persian sentence with Latin names in it (a record's name, a domain): each
 * Latin run is isolated left to right, so «_mall-verify.shop.example.ir»
 * keeps its underscore at its start inside the right-to-left line.
 */
function mixed(text: string): React.ReactNode[] {
  return text
    .split(/([A-Za-z0-9_][A-Za-z0-9_.:/-]*)/)
    .map((part, index) => (index % 2 === 1 ? h("bdi", { key: index, dir: "ltr" }, part) : part));
}

/** One DNS record with its values in Latin, left to right, each with a copy button. */
function recordRow(record: DomainView["records"][number], index: number, copied: string | null, copy: (value: string) => void) {
  const cell = (value: string, label: string) =>
    h(
      DS.TableCell,
      null,
      h("code", { dir: "ltr", className: "mall-ltr mall-dns-value", "data-testid": `dns-${label}-${index}` }, value),
      " ",
      h(
        "button",
        {
          type: "button",
          className: "mall-copy",
          onClick: () => copy(value),
          "aria-label": `کپی ${label === "name" ? "نام" : "مقدار"} رکورد ${record.type}`,
        },
        copied === value ? "کپی شد ✓" : "کپی",
      ),
    );
  return h(
    DS.TableRow,
    { key: `${record.type}-${index}`, "data-testid": `dns-record-${record.type}` },
    h(DS.TableCell, { dir: "ltr" }, record.type),
    cell(record.name, "name"),
    cell(record.value, "value"),
  );
}

/**
 * «دامنهٔ اختصاصی»: where the store's own domain stands (no domain, waiting
 * for its DNS records, waiting for its certificate, active), the records to
 * set with copy buttons, the last check and what it found wrong, and the
 * buttons to add, check now or remove. While a check waits for the worker,
 * the page asks again every few seconds.
 */
const StoreDomain: React.FC<ActionProps> = ({ action, record, resource }) => {
  const { translateMessage } = useTranslation();
  const [view, setView] = useState<DomainView | null>(null);
  const [domain, setDomain] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [copied, setCopied] = useState<string | null>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const recordId = String(record?.id ?? "");

  const load = () =>
    recordAction(resource.id, recordId, action.name).then(({ data }) => {
      const loaded = data.domain as DomainView | undefined;
      if (!loaded) return;
      // The check asked for is done: its result replaces «در صف قرار گرفت».
      if (!loaded.checkPending) setNotice(null);
      setView(loaded);
    });

  useEffect(() => {
    void load();
  }, [recordId]);

  useEffect(() => {
    if (!view?.checkPending) return;
    const timer = browser.setTimeout(() => void load(), 3000);
    return () => browser.clearTimeout(timer);
  }, [view]);

  const post = async (op: string, data: Record<string, string> = {}) => {
    setBusy(true);
    setError(null);
    setNotice(null);
    const response = await recordAction(resource.id, recordId, action.name, { op, ...data });
    setBusy(false);
    setConfirmRemove(false);
    const answer = response.data;
    const fieldErrors = Object.values(answer.record?.errors ?? {});
    if (answer.notice?.type === "error" || fieldErrors.length > 0) {
      setError(translateMessage(fieldErrors[0]?.message ?? answer.notice?.message ?? "thereWereValidationErrors", resource.id));
      return;
    }
    if (answer.notice) setNotice(translateMessage(answer.notice.message, resource.id));
    if (answer.domain) setView(answer.domain as DomainView);
    if (op === "add") setDomain("");
  };

  const copy = (value: string) => {
    void clipboard?.writeText(value).then(() => setCopied(value));
  };

  if (!view) return h(DS.Loader, null);
  const phase = PHASES[view.phase];

  const addForm = h(
    DS.Box,
    { as: "form", onSubmit: (event: unknown) => (prevent(event), void post("add", { domain })), mt: "lg" },
    h(
      DS.FormGroup,
      { error: Boolean(error) },
      h(DS.Label, { htmlFor: "custom-domain" }, view.domain ? "دامنهٔ دیگری جایگزین کنید" : "دامنهٔ شما"),
      h(DS.Input, {
        id: "custom-domain",
        name: "domain",
        dir: "ltr",
        placeholder: "shop.example.ir",
        value: domain,
        onChange: (event: unknown) => setDomain(valueOf(event)),
        autoComplete: "off",
        className: "mall-ltr",
      }),
      h(DS.Text, { className: "mall-help", mt: "sm" }, "بدون http و بدون / در پایان، مثل shop.example.ir یا www.example.ir."),
    ),
    h(DS.Button, { type: "submit", variant: "contained", disabled: busy || domain.trim() === "" }, "افزودن دامنه"),
  );

  return h(
    DS.Box,
    { p: "xl", bg: "white", className: "mall-domain", "data-phase": view.phase },
    h(
      DS.Box,
      { mb: "lg" },
      view.domain ? h("strong", { dir: "ltr", className: "mall-ltr mall-domain__name" }, view.domain) : null,
      " ",
      h(DS.Badge, { variant: phase.variant, "data-testid": "domain-phase" }, phase.label),
    ),
    h(DS.Text, { mb: "lg" }, phase.text),
    notice ? h(DS.MessageBox, { variant: "success", mb: "lg", message: notice, "data-testid": "domain-notice" }) : null,
    error ? h(DS.MessageBox, { variant: "danger", mb: "lg", message: error, "data-testid": "domain-form-error" }) : null,
    view.domain && view.error
      ? h(DS.MessageBox, { variant: "danger", mb: "lg", message: mixed(`آخرین بررسی: ${view.error}`), "data-testid": "domain-error" })
      : null,
    view.certificate?.lastError
      ? h(DS.MessageBox, { variant: "danger", mb: "lg", message: mixed(`تمدید گواهی ناموفق بود: ${view.certificate.lastError}`) })
      : null,
    view.phase === "active" && view.certificate
      ? h(
          DS.Box,
          { mb: "lg", "data-testid": "domain-certificate" },
          h(
            DS.Text,
            null,
            "نشانی فروشگاه: ",
            h(
              "a",
              { href: `https://${view.domain}/`, dir: "ltr", className: "mall-ltr", target: "_blank", rel: "noopener" },
              `https://${view.domain}/`,
            ),
          ),
          h(
            DS.Text,
            null,
            `گواهی امنیتی معتبر تا ${jalali(view.certificate.notAfter, false)}؛ صادرشده در ${jalali(view.certificate.issuedAt)}.`,
          ),
        )
      : null,
    view.records.length > 0 && view.phase !== "active"
      ? h(
          DS.Box,
          { mb: "lg" },
          h(
            DS.Table,
            { width: 1, className: "mall-dns" },
            h(
              DS.TableHead,
              null,
              h(DS.TableRow, null, h(DS.TableCell, null, "نوع"), h(DS.TableCell, null, "نام (میزبان)"), h(DS.TableCell, null, "مقدار")),
            ),
            h(DS.TableBody, null, ...view.records.map((row, index) => recordRow(row, index, copied, copy))),
          ),
          h(
            DS.Text,
            { className: "mall-help", mt: "sm" },
            ...mixed(
              "اگر پنل DNS نام را بدون دامنه می‌خواهد، فقط بخش پیش از نام دامنهٔ اصلی را بنویسید (مثلاً _mall-verify.shop). CNAME روی خود دامنهٔ اصلی (بدون www) را همهٔ سرویس‌ها نمی‌پذیرند؛ در آن صورت زیردامنه‌ای مثل www یا shop را وصل کنید.",
            ),
          ),
        )
      : null,
    view.domain
      ? h(
          DS.Text,
          { mb: "lg", color: "grey60", "data-testid": "domain-checked" },
          view.checkPending
            ? "در صف بررسی؛ چند لحظه صبر کنید…"
            : view.checkedAt
              ? `آخرین بررسی: ${jalali(view.checkedAt)}`
              : "هنوز بررسی نشده است.",
        )
      : null,
    view.domain && view.phase !== "active"
      ? h(
          DS.Button,
          {
            type: "button",
            variant: "contained",
            onClick: () => void post("check"),
            disabled: busy || view.checkPending,
            mr: "default",
            "data-testid": "domain-check",
          },
          "بررسی اکنون",
        )
      : null,
    view.domain
      ? confirmRemove
        ? h(
            DS.Box,
            { mt: "lg" },
            h(
              DS.Text,
              { mb: "default" },
              `با حذف، فروشگاه دیگر روی ${view.domain} باز نمی‌شود و فقط روی ${String(record?.params.slug ?? "")}.${view.platformDomain} می‌ماند. ادامه می‌دهید؟`,
            ),
            h(
              DS.Button,
              { type: "button", variant: "danger", onClick: () => void post("remove"), disabled: busy, mr: "default" },
              "بله، حذف شود",
            ),
            h(DS.Button, { type: "button", variant: "outlined", onClick: () => setConfirmRemove(false) }, "انصراف"),
          )
        : h(DS.Button, { type: "button", variant: "outlined", onClick: () => setConfirmRemove(true), disabled: busy }, "حذف دامنه")
      : null,
    view.phase === "none" || view.phase === "dns" ? addForm : null,
  ) as React.ReactElement;
};

export default StoreDomain;
