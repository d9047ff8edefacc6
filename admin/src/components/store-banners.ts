import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { useEffect, useRef, useState } from "react";
import { toPersianDigits } from "@mall/locale";
import { browser, DS, fileOf, filePicker, h, placed, rootPath, valueOf } from "./ui.js";

/** A banner as the store resource sends it (one JSON text): the service's fields and its picture's thumbnail. */
interface Banner {
  mediaId: string;
  title: string;
  link: string | null;
  thumbnail: string | null;
}

/** A row of the editor: a banner, and its picture's processing while it is being made. */
interface Row extends Banner {
  key: string;
  status: "ready" | "pending" | "failed";
  failure: string | null;
}

/** What the upload routes answer (the media presenter's fields the editor reads). */
interface UploadAnswer {
  id: string;
  status: "pending" | "ready" | "failed";
  failure?: string | null;
  variants: Array<{ format: string; width: number; url: string }>;
  error?: { message?: string };
}

/** The service's limit (tenancy.schemas.ts). */
const MAX_BANNERS = 8;
/** The service's rule for a link, checked here as the merchant types (the service checks it again). */
const LINK_RULE = /^(\/(?!\/)\S*|https:\/\/\S+)$/;

function parse(raw: unknown): Banner[] {
  try {
    const rows = JSON.parse(String(raw ?? "[]")) as unknown;
    return Array.isArray(rows) ? (rows as Banner[]) : [];
  } catch {
    return [];
  }
}

function smallestWebp(answer: UploadAnswer): string | null {
  return answer.variants.filter((variant) => variant.format === "webp").sort((a, b) => a.width - b.width)[0]?.url ?? null;
}

const n = (index: number) => toPersianDigits(index + 1);

/**
 * The store's home banners on its settings form: each a picture (uploaded at
 * once through the media service, usable once its widths are made), a title
 * and where it leads (a path on the store or an https address), in the order
 * the site shows them. The list goes back to the resource as one JSON text and
 * through the one settings service (checked, audited, the site rebuilt). On
 * the store's page, the same list read-only.
 */
const StoreBanners: React.FC<BasePropertyProps> = ({ property, record, resource, where, onChange }) => {
  const { translateProperty, translateMessage } = useTranslation();
  const label = translateProperty(property.label, resource.id);
  const [rows, setRows] = useState<Row[]>(() =>
    parse(record?.params[property.path]).map((banner, index) => ({
      ...banner,
      key: `${banner.mediaId}-${index}`,
      status: "ready",
      failure: null,
    })),
  );
  const [uploading, setUploading] = useState(false);
  const [uploadError, setUploadError] = useState<string | null>(null);
  const current = useRef(rows);
  current.current = rows;
  const storeId = String(record?.id ?? "");

  // The server's refusals name rows by their place; once the merchant changes the list they may name another row, so they stay hidden until the next save answers.
  const [editedSince, setEditedSince] = useState<unknown>(null);
  const update = (next: Row[]) => {
    setEditedSince(record?.errors);
    setRows(next);
    current.current = next;
    onChange?.(
      property.path,
      JSON.stringify(
        next.map(({ mediaId, title, link, thumbnail }) => ({ mediaId, title, link: link?.trim() ? link.trim() : null, thumbnail })),
      ),
    );
  };
  const set = (key: string, change: Partial<Row>) => update(current.current.map((row) => (row.key === key ? { ...row, ...change } : row)));
  const move = (index: number, by: number) => {
    const next = [...rows];
    const [row] = next.splice(index, 1);
    next.splice(index + by, 0, row!);
    update(next);
  };

  // A new picture is pending until the media job has made its widths: ask every second and a half until none is.
  const pending = rows.filter((row) => row.status === "pending").map((row) => row.mediaId);
  const [round, setRound] = useState(0);
  useEffect(() => {
    if (pending.length === 0) return undefined;
    const timer = browser.setTimeout(async () => {
      for (const mediaId of pending) {
        const response = await fetch(`${rootPath()}/uploads/stores/${storeId}/banners/${mediaId}`, { credentials: "same-origin" });
        if (!response.ok) continue;
        const answer = (await response.json()) as UploadAnswer;
        const row = current.current.find((candidate) => candidate.mediaId === mediaId);
        if (!row || answer.status === "pending") continue;
        set(row.key, { status: answer.status, thumbnail: smallestWebp(answer), failure: answer.failure ?? null });
      }
      setRound((done) => done + 1);
    }, 1500);
    return () => browser.clearTimeout(timer);
  }, [pending.join(","), round]);

  const upload = async (event: unknown) => {
    const file = fileOf(event);
    if (!file || !storeId) return;
    setUploading(true);
    setUploadError(null);
    const form = new FormData();
    form.append("file", file);
    const response = await fetch(`${rootPath()}/uploads/stores/${storeId}/banners`, {
      method: "POST",
      body: form,
      credentials: "same-origin",
    });
    const answer = (await response.json().catch(() => ({}))) as UploadAnswer;
    if (response.ok) {
      update([
        ...current.current,
        {
          key: `${answer.id}-${Date.now()}`,
          mediaId: answer.id,
          title: "",
          link: null,
          thumbnail: smallestWebp(answer),
          status: answer.status,
          failure: answer.failure ?? null,
        },
      ]);
    } else setUploadError(answer.error?.message ?? "بارگذاری انجام نشد؛ لطفاً دوباره تلاش کنید.");
    setUploading(false);
  };

  const picture = (row: Row) =>
    row.thumbnail && row.status === "ready"
      ? h("img", { src: row.thumbnail, alt: "", className: "mall-banner__image" })
      : h(
          "div",
          { className: "mall-banner__image mall-banner__image--placeholder" },
          row.status === "failed" ? (row.failure ?? "این تصویر پردازش نشد؛ تصویر دیگری بفرستید.") : "در حال آماده‌سازی تصویر…",
        );

  if (where !== "edit") {
    const content =
      rows.length === 0
        ? h("span", { className: "mall-muted" }, "بنری ندارد.")
        : h(
            "ol",
            { className: "mall-banners mall-banners--show" },
            ...rows.map((row) =>
              h(
                "li",
                { key: row.key, className: "mall-banner" },
                picture(row),
                h("span", null, row.title || "بدون عنوان"),
                row.link ? h("span", { dir: "ltr", className: "mall-muted" }, row.link) : null,
              ),
            ),
          );
    return placed(where, label, content) as React.ReactElement;
  }

  const errors = record?.errors && record.errors !== editedSince ? record.errors : {};
  const errorOf = (index: number, field: keyof Banner) => {
    const error = errors[`${property.path}.${index}.${field}`];
    return error ? translateMessage(error.message, resource.id) : null;
  };
  const listError = errors[property.path];

  return h(
    DS.FormGroup,
    { error: Boolean(listError) || Object.keys(errors).some((key) => key.startsWith(`${property.path}.`)) },
    h(DS.Label, { as: "span", id: "banners-label" }, label),
    h(
      "ol",
      { className: "mall-banners", "aria-labelledby": "banners-label", "data-testid": "banners" },
      ...rows.map((row, index) => {
        const linkProblem =
          errorOf(index, "link") ??
          (row.link?.trim() && !LINK_RULE.test(row.link.trim())
            ? "پیوند باید نشانی‌ای در همین فروشگاه (با / شروع شود) یا نشانی https باشد."
            : null);
        const imageProblem = errorOf(index, "mediaId");
        const titleProblem = errorOf(index, "title");
        return h(
          "li",
          { key: row.key, className: "mall-banner", "data-testid": "banner", "data-status": row.status },
          picture(row),
          h(
            "div",
            { className: "mall-banner__fields" },
            h(DS.Label, { htmlFor: `banner-${index}-title` }, `عنوان بنر ${n(index)}`),
            h(DS.Input, {
              id: `banner-${index}-title`,
              name: `banners.${index}.title`,
              value: row.title,
              maxLength: 120,
              onChange: (event: unknown) => set(row.key, { title: valueOf(event) }),
            }),
            titleProblem ? h("p", { role: "alert", className: "mall-banner__note mall-banner__note--error" }, titleProblem) : null,
            h(DS.Label, { htmlFor: `banner-${index}-link` }, `پیوند بنر ${n(index)}`),
            h(DS.Input, {
              id: `banner-${index}-link`,
              name: `banners.${index}.link`,
              value: row.link ?? "",
              dir: "ltr",
              placeholder: "/…",
              "aria-invalid": linkProblem ? "true" : undefined,
              "aria-describedby": `banner-${index}-link-help`,
              onChange: (event: unknown) => set(row.key, { link: valueOf(event) }),
            }),
            h(
              "p",
              {
                id: `banner-${index}-link-help`,
                role: linkProblem ? "alert" : undefined,
                className: linkProblem ? "mall-banner__note mall-banner__note--error" : "mall-banner__note",
              },
              linkProblem ?? [
                "نشانی‌ای در همین فروشگاه مثل ",
                h("bdi", { key: "example" }, h("code", { dir: "ltr" }, "/c/clothing/")),
                " یا نشانی https؛ خالی: بنر پیوندی ندارد.",
              ],
            ),
            imageProblem ? h("p", { role: "alert", className: "mall-banner__note mall-banner__note--error" }, imageProblem) : null,
          ),
          h(
            "div",
            { className: "mall-banner__actions" },
            h(
              DS.Button,
              {
                type: "button",
                variant: "text",
                size: "sm",
                disabled: index === 0,
                onClick: () => move(index, -1),
                "aria-label": `بنر ${n(index)} یکی بالاتر`,
              },
              "بالاتر",
            ),
            h(
              DS.Button,
              {
                type: "button",
                variant: "text",
                size: "sm",
                disabled: index === rows.length - 1,
                onClick: () => move(index, 1),
                "aria-label": `بنر ${n(index)} یکی پایین‌تر`,
              },
              "پایین‌تر",
            ),
            h(
              DS.Button,
              {
                type: "button",
                variant: "text",
                size: "sm",
                onClick: () => update(rows.filter((candidate) => candidate.key !== row.key)),
                "aria-label": `حذف بنر ${n(index)}`,
              },
              "حذف",
            ),
          ),
        );
      }),
    ),
    rows.length < MAX_BANNERS
      ? filePicker({
          id: "banner-file",
          name: "banner-file",
          accept: "image/jpeg,image/png,image/webp,image/avif",
          onChange: upload,
          disabled: uploading,
          label: uploading ? "در حال بارگذاری…" : "افزودن بنر (انتخاب تصویر)",
        })
      : null,
    h(
      "p",
      {
        role: uploadError || listError ? "alert" : undefined,
        className: uploadError || listError ? "mall-banner__note mall-banner__note--error" : "mall-banner__note",
      },
      uploadError ??
        (listError ? translateMessage(listError.message, resource.id) : null) ??
        `تا ${toPersianDigits(MAX_BANNERS)} بنر، به همین ترتیب در صفحهٔ اصلی فروشگاه؛ تصویر پهن (مثلاً ۱۶۰۰ در ۶۰۰) با JPEG، PNG، WebP یا AVIF. پس از ذخیره، سایت دوباره ساخته می‌شود.`,
    ),
  );
};

export default StoreBanners;
