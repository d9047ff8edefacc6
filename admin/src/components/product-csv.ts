import type { ActionProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import { browser, DS, faNumber, fileOf, filePicker, h, rootPath, valueOf } from "./ui.js";

interface ImportError {
  row: number;
  column: string;
  message: string;
}
interface Counts {
  created: number;
  updated: number;
  unchanged: number;
}
interface Status {
  jobId: string;
  state: "waiting" | "active" | "completed" | "failed";
  progress: { phase: "validating" | "importing"; done: number; total: number } | null;
  result: { ok: true; summary: { products: Counts; instances: Counts } } | { ok: false; errors: ImportError[] } | null;
  error: string | null;
}

const PHASES = { validating: "بررسی ردیف‌ها", importing: "ثبت محصولات" } as const;

/** The file's text: Blob.text() decodes UTF-8 and keeps the BOM, which the import skips. */
async function textOf(file: Blob): Promise<string> {
  return (file as Blob & { text(): Promise<string> }).text();
}

/**
 * Products to and from CSV: download the export, or send a file to import
 * and watch its job (checking rows, then importing) with a progress bar
 * that polls the job every half second; errors come back by row and column.
 */
const ProductCsv: React.FC<ActionProps> = () => {
  const [stores, setStores] = useState<Array<{ id: string; name: string }>>([]);
  const [storeId, setStoreId] = useState("");
  const [jobId, setJobId] = useState<string | null>(null);
  const [status, setStatus] = useState<Status | null>(null);
  const [error, setError] = useState<string | null>(null);
  const base = `${rootPath()}/catalog-csv`;

  useEffect(() => {
    void (async () => {
      const response = await fetch(`${base}/stores`, { credentials: "same-origin" });
      const body = (await response.json()) as { items?: Array<{ id: string; name: string }> };
      setStores(body.items ?? []);
      setStoreId(body.items?.[0]?.id ?? "");
    })();
  }, []);

  useEffect(() => {
    if (!jobId) return;
    let timer = 0;
    let stopped = false;
    const poll = async () => {
      const response = await fetch(`${base}/import/${jobId}?storeId=${storeId}`, { credentials: "same-origin" });
      const body = (await response.json()) as Status & { error?: { message?: string } };
      if (stopped) return;
      if (!response.ok) {
        setError((body.error as { message?: string } | undefined)?.message ?? "وضعیت درون‌ریزی خوانده نشد.");
        return;
      }
      setStatus(body);
      if (body.state !== "completed" && body.state !== "failed") timer = browser.setTimeout(() => void poll(), 500);
    };
    void poll();
    return () => {
      stopped = true;
      browser.clearTimeout(timer);
    };
  }, [jobId]);

  const send = async (event: unknown) => {
    const file = fileOf(event);
    if (!file) return;
    setError(null);
    setStatus(null);
    const response = await fetch(`${base}/import?storeId=${storeId}`, {
      method: "POST",
      body: await textOf(file),
      headers: { "Content-Type": "text/csv; charset=utf-8" },
      credentials: "same-origin",
    });
    const body = (await response.json()) as { jobId?: string; error?: { message?: string } };
    if (!response.ok || !body.jobId) setError(body.error?.message ?? "فایل فرستاده نشد.");
    else setJobId(body.jobId);
  };

  const busy = Boolean(jobId && status?.state !== "completed" && status?.state !== "failed");
  const progress = status?.progress;
  const result = status?.result;
  return h(
    DS.Box,
    { p: "xl", bg: "white", className: "mall-csv" },
    stores.length > 1
      ? h(
          DS.FormGroup,
          null,
          h(DS.Label, { htmlFor: "csv-store" }, "فروشگاه"),
          h(
            "select",
            { id: "csv-store", value: storeId, onChange: (event: unknown) => setStoreId(valueOf(event)), disabled: busy },
            ...stores.map((store) => h("option", { key: store.id, value: store.id }, store.name)),
          ),
        )
      : null,
    h(DS.H3, null, "خروجی"),
    h(
      DS.Text,
      { mb: "lg" },
      "هر مدل یک ردیف، دسته‌ها با مسیرشان، قیمت‌ها به ریال؛ در Excel باز می‌شود و همین فایل را می‌توانید ویرایش کنید و برگردانید.",
    ),
    h("a", { href: `${base}/export?storeId=${storeId}`, className: "mall-file", download: "products.csv" }, "دریافت فایل CSV محصولات"),
    h(DS.H3, { mt: "xl" }, "درون‌ریزی"),
    h(
      DS.Text,
      { mb: "lg" },
      "اول همهٔ ردیف‌ها بررسی می‌شوند؛ اگر خطایی باشد هیچ چیز ثبت نمی‌شود و خطاها با شمارهٔ ردیف و نام ستون نشان داده می‌شوند.",
    ),
    filePicker({
      id: "csv-file",
      name: "file",
      accept: ".csv,text/csv",
      disabled: busy || !storeId,
      label: busy ? "در حال درون‌ریزی…" : "انتخاب فایل CSV",
      onChange: (event) => void send(event),
    }),
    error ? h(DS.MessageBox, { variant: "danger", mt: "lg", message: error }) : null,
    jobId && !result
      ? h(
          "div",
          { className: "mall-progress", role: "status" },
          h("progress", { max: progress?.total || 1, value: progress?.done ?? 0 }),
          h("span", null, progress ? `${PHASES[progress.phase]}: ${faNumber(progress.done)} از ${faNumber(progress.total)}` : "در صف…"),
        )
      : null,
    status?.state === "failed"
      ? h(DS.MessageBox, { variant: "danger", mt: "lg", message: `درون‌ریزی انجام نشد: ${status.error ?? ""}` })
      : null,
    result?.ok
      ? h(
          DS.MessageBox,
          { variant: "success", mt: "lg", message: "درون‌ریزی انجام شد." },
          h(
            DS.Text,
            null,
            `محصولات: ${faNumber(result.summary.products.created)} تازه، ${faNumber(result.summary.products.updated)} تغییر، ${faNumber(result.summary.products.unchanged)} بی‌تغییر — ` +
              `مدل‌ها: ${faNumber(result.summary.instances.created)} تازه، ${faNumber(result.summary.instances.updated)} تغییر، ${faNumber(result.summary.instances.unchanged)} بی‌تغییر`,
          ),
        )
      : null,
    result && !result.ok
      ? h(
          "div",
          { className: "mall-csv-errors" },
          h(DS.MessageBox, { variant: "danger", mt: "lg", message: `${faNumber(result.errors.length)} خطا؛ هیچ چیز ثبت نشد.` }),
          h(
            DS.Table,
            null,
            h(
              DS.TableHead,
              null,
              h(DS.TableRow, null, h(DS.TableCell, null, "ردیف"), h(DS.TableCell, null, "ستون"), h(DS.TableCell, null, "خطا")),
            ),
            h(
              DS.TableBody,
              null,
              ...result.errors.map((item, index) =>
                h(
                  DS.TableRow,
                  { key: index },
                  h(DS.TableCell, null, faNumber(item.row)),
                  h(DS.TableCell, null, item.column),
                  h(DS.TableCell, null, item.message),
                ),
              ),
            ),
          ),
        )
      : null,
  );
};

export default ProductCsv;
