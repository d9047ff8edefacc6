import { useNotice, type ActionProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import { recordAction } from "./action-call.js";
import { browser, DS, fileOf, filePicker, h, rootPath } from "./ui.js";

export interface GalleryItem {
  id: string;
  kind: string;
  status: "pending" | "ready" | "failed";
  url: string | null;
  variants: Array<{ format: string; width: number; url: string }>;
  poster: { url: string } | null;
  failure: string | null;
}

/** The smallest WebP of an image (a thumbnail), or a video's poster. */
export function thumbnail(item: GalleryItem): string | null {
  const webp = item.variants.filter((variant) => variant.format === "webp").sort((a, b) => a.width - b.width)[0];
  return webp?.url ?? item.poster?.url ?? null;
}

export function tile(item: GalleryItem, extra?: React.ReactNode): React.ReactNode {
  const src = item.status === "ready" ? thumbnail(item) : null;
  return h(
    "figure",
    { key: item.id, className: `mall-tile mall-tile--${item.status}` },
    src
      ? h("img", { src, alt: "", loading: "lazy" })
      : h("div", { className: "mall-tile__placeholder" }, item.status === "failed" ? (item.failure ?? "پردازش نشد") : "در حال پردازش…"),
    extra ?? null,
  );
}

/**
 * A product's images: upload (through the media service: type checked from
 * the bytes, variants made by the media job), watch them become ready, delete.
 */
const ProductMedia: React.FC<ActionProps> = ({ record, resource }) => {
  const addNotice = useNotice();
  const recordId = String(record?.id ?? "");
  const [items, setItems] = useState<GalleryItem[] | null>(null);
  const [uploading, setUploading] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    const { data } = await recordAction(resource.id, recordId, "images");
    setItems((data.gallery as GalleryItem[]) ?? []);
    return (data.gallery as GalleryItem[]) ?? [];
  };

  useEffect(() => {
    let timer = 0;
    let stopped = false;
    const poll = async () => {
      const list = await load();
      if (!stopped && list.some((item) => item.status === "pending")) timer = browser.setTimeout(poll, 1500);
    };
    void poll();
    return () => {
      stopped = true;
      browser.clearTimeout(timer);
    };
  }, [recordId, uploading]);

  const upload = async (event: unknown) => {
    const file = fileOf(event);
    if (!file) return;
    setUploading(true);
    setError(null);
    const form = new FormData();
    form.append("file", file);
    const response = await fetch(`${rootPath()}/uploads/products/${recordId}`, { method: "POST", body: form, credentials: "same-origin" });
    if (!response.ok) {
      const body = (await response.json().catch(() => ({}))) as { error?: { message?: string } };
      setError(body.error?.message ?? "بارگذاری انجام نشد؛ لطفاً دوباره تلاش کنید.");
    } else {
      addNotice({ message: "تصویر دریافت شد؛ نسخه‌های کوچک‌تر آن ساخته می‌شود.", type: "success" });
    }
    setUploading(false);
  };

  const remove = async (mediaId: string) => {
    const { data } = await recordAction(resource.id, recordId, "images", { deleteMediaId: mediaId });
    setItems((data.gallery as GalleryItem[]) ?? []);
    if (data.notice) addNotice({ ...data.notice, resourceId: resource.id } as never);
  };

  return h(
    DS.Box,
    { p: "xl", bg: "white", className: "mall-media" },
    h(
      DS.FormGroup,
      null,
      h(DS.Label, { htmlFor: "media-file" }, "افزودن تصویر یا ویدیو"),
      filePicker({
        id: "media-file",
        name: "file",
        accept: "image/jpeg,image/png,image/webp,image/avif,video/mp4,video/webm",
        onChange: upload,
        disabled: uploading,
        label: uploading ? "در حال بارگذاری…" : "انتخاب پرونده",
      }),
      h(DS.Text, { mt: "sm", color: "grey60" }, "JPEG، PNG، WebP یا AVIF، و ویدیوی MP4 یا WebM."),
    ),
    error ? h(DS.MessageBox, { variant: "danger", message: error, mb: "lg" }) : null,
    items === null
      ? h(DS.Loader, null)
      : items.length === 0
        ? h(DS.Text, { color: "grey60" }, "هنوز تصویری ندارد.")
        : h(
            "div",
            { className: "mall-gallery" },
            ...items.map((item) =>
              tile(item, h(DS.Button, { size: "sm", variant: "text", type: "button", onClick: () => void remove(item.id) }, "حذف")),
            ),
          ),
  );
};

export default ProductMedia;
