import {
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
} from "chart.js";
import type React from "react";
import { useEffect, useRef, useState } from "react";
import { DS, faNumber, h, rootPath, toman, valueOf } from "./ui.js";
import { formatJalaliDate, rialsToTomans, toLatinDigits, tomansToRials, toPersianDigits } from "@mall/locale";

Chart.register(
  ArcElement,
  BarController,
  BarElement,
  CategoryScale,
  DoughnutController,
  Filler,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  PointElement,
  Tooltip,
);
Chart.defaults.font.family = "Vazirmatn, Tahoma, sans-serif";

/**
 * One Chart.js chart on a canvas, redrawn when its data changes. (Not
 * react-chartjs-2: its React 19 JSX runtime would be bundled next to the
 * React 18 that AdminJS provides as a global, and fail at render.)
 */
function ChartCanvas(props: { type: "line" | "bar" | "doughnut"; data: unknown; options: unknown }) {
  const canvas = useRef<unknown>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current as never, { type: props.type, data: props.data, options: props.options } as never);
    return () => chart.destroy();
  }, [JSON.stringify(props.data)]);
  return h("canvas", { ref: canvas, role: "img", "aria-label": "نمودار" });
}
const Line = (props: { data: unknown; options: unknown }) => h(ChartCanvas, { type: "line", ...props });
const Bar = (props: { data: unknown; options: unknown }) => h(ChartCanvas, { type: "bar", ...props });
const Doughnut = (props: { data: unknown; options: unknown }) => h(ChartCanvas, { type: "doughnut", ...props });

/** What /admin/analytics/report answers (the API's StoreAnalytics), as far as the panel reads it. */
interface Figures {
  productId: string;
  name: string;
  views: number;
  orders: number;
  quantity: number;
  revenueRials: number;
  conversionRate: number | null;
}
interface Report {
  range: { from: string; to: string; revenueStates: string[] };
  totals: { orders: number; revenueRials: number; averageOrderRials: number };
  series: Array<{ key: string; label: string; orders: number; revenueRials: number }>;
  ordersByState: Array<{ state: string; label: string; orders: number }>;
  topProductsByRevenue: Figures[];
  topProductsByViews: Figures[];
  customers: { customers: number; new: number; returning: number };
}
interface StoreOption {
  id: string;
  name: string;
}
type Granularity = "day" | "week" | "month";

/** Today (or `daysAgo` before it) as a Jalali date in Tehran, `1405/09/04`. */
function jalaliDaysAgo(daysAgo: number): string {
  return formatJalaliDate(new Date(Date.now() - daysAgo * 86_400_000), { latin: true });
}
const PRESETS: Array<{ key: string; label: string; range: () => { from: string; to: string } }> = [
  { key: "7", label: "۷ روز", range: () => ({ from: jalaliDaysAgo(6), to: jalaliDaysAgo(0) }) },
  { key: "30", label: "۳۰ روز", range: () => ({ from: jalaliDaysAgo(29), to: jalaliDaysAgo(0) }) },
  { key: "month", label: "این ماه", range: () => ({ from: `${jalaliDaysAgo(0).slice(0, 8)}01`, to: jalaliDaysAgo(0) }) },
];
const GRANULARITIES: Array<[Granularity, string]> = [
  ["day", "روزانه"],
  ["week", "هفتگی"],
  ["month", "ماهانه"],
];
const CSV_REPORTS: Array<[string, string]> = [
  ["sales", "فروش دوره‌ای"],
  ["products", "محصولات"],
  ["states", "وضعیت سفارش‌ها"],
  ["customers", "مشتریان"],
  ["low-stock", "موجودی رو به پایان"],
];
const STATE_COLOURS: Record<string, string> = {
  pending_payment: "#f2c14e",
  paid: "#3fa39a",
  processing: "#2f7ebc",
  shipped: "#7c5cbf",
  delivered: "#0f766e",
  cancelled: "#9aa5ab",
  refunded: "#d1495b",
};

/** Chart.js in Persian, right to left: Vazirmatn, legends and tooltips RTL, time running from right to left. */
const rtl = { rtl: true, textDirection: "rtl" as const };
const axisFont = { family: "Vazirmatn, Tahoma, sans-serif" };

type Fetch = (url: string) => Promise<{ ok: boolean; json(): Promise<unknown> }>;
const get = (url: string) => (globalThis as unknown as { fetch: Fetch }).fetch(url);

/**
 * The dashboard's analytics: a store, a Jalali range (presets or typed),
 * day / week / month; revenue over time, orders by state and the top
 * products as charts, a few totals, and a CSV download of any report.
 */
const AnalyticsPanel: React.FC = () => {
  const root = rootPath();
  const [stores, setStores] = useState<StoreOption[] | null>(null);
  const [storeId, setStoreId] = useState("");
  const [range, setRange] = useState(PRESETS[1]!.range());
  const [draft, setDraft] = useState(range);
  const [preset, setPreset] = useState("30");
  const [granularity, setGranularity] = useState<Granularity>("day");
  const [csvReport, setCsvReport] = useState("sales");
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    get(`${root}/analytics/stores`)
      .then(async (response) => (response.ok ? ((await response.json()) as { items: StoreOption[] }).items : []))
      .then((items) => {
        setStores(items);
        if (items[0]) setStoreId(items[0].id);
      })
      .catch(() => setStores([]));
  }, []);

  const query = (extra: Record<string, string> = {}) =>
    new URLSearchParams({ storeId, from: toLatinDigits(range.from), to: toLatinDigits(range.to), granularity, ...extra }).toString();

  useEffect(() => {
    if (!storeId) return;
    setError(null);
    get(`${root}/analytics/report?${query()}`)
      .then(async (response) => {
        const body = (await response.json()) as Report & { error?: { message: string } };
        if (!response.ok) throw new Error(body.error?.message ?? "گزارش بارگیری نشد.");
        setReport(body);
      })
      .catch((reason: unknown) => setError(reason instanceof Error ? reason.message : "گزارش بارگیری نشد."));
  }, [storeId, range.from, range.to, granularity]);

  if (stores === null) return h(DS.Loader, null);
  if (stores.length === 0) return null;

  const choosePreset = (key: string) => {
    const next = PRESETS.find((p) => p.key === key)!.range();
    setPreset(key);
    setDraft(next);
    setRange(next);
  };

  const controls = h(
    "div",
    { className: "mall-analytics__controls" },
    stores.length > 1
      ? h(
          "select",
          {
            className: "mall-analytics__select",
            value: storeId,
            onChange: (event: unknown) => setStoreId(valueOf(event)),
            "aria-label": "فروشگاه",
          },
          ...stores.map((store) => h("option", { key: store.id, value: store.id }, store.name)),
        )
      : null,
    h(
      "div",
      { className: "mall-analytics__presets", role: "group", "aria-label": "بازهٔ زمانی" },
      ...PRESETS.map((p) =>
        h(
          DS.Button,
          {
            key: p.key,
            type: "button",
            size: "sm",
            variant: preset === p.key ? "contained" : "outlined",
            onClick: () => choosePreset(p.key),
          },
          p.label,
        ),
      ),
    ),
    h(
      "form",
      {
        className: "mall-analytics__range",
        onSubmit: (event: unknown) => {
          (event as { preventDefault(): void }).preventDefault();
          setPreset("");
          setRange(draft);
        },
      },
      h(
        "label",
        { className: "mall-analytics__label" },
        "از",
        h(DS.Input, {
          name: "from",
          value: toPersianDigits(draft.from),
          onChange: (event: unknown) => setDraft({ ...draft, from: valueOf(event) }),
          placeholder: "۱۴۰۵/۰۹/۰۱",
          dir: "ltr",
          width: 120,
        }),
      ),
      h(
        "label",
        { className: "mall-analytics__label" },
        "تا",
        h(DS.Input, {
          name: "to",
          value: toPersianDigits(draft.to),
          onChange: (event: unknown) => setDraft({ ...draft, to: valueOf(event) }),
          placeholder: "۱۴۰۵/۰۹/۳۰",
          dir: "ltr",
          width: 120,
        }),
      ),
      h(DS.Button, { type: "submit", size: "sm" }, "نمایش"),
    ),
    h(
      "select",
      {
        className: "mall-analytics__select",
        value: granularity,
        onChange: (event: unknown) => setGranularity(valueOf(event) as Granularity),
        "aria-label": "واحد نمودار",
      },
      ...GRANULARITIES.map(([value, label]) => h("option", { key: value, value }, label)),
    ),
    h(
      "div",
      { className: "mall-analytics__csv" },
      h(
        "select",
        {
          className: "mall-analytics__select",
          value: csvReport,
          onChange: (event: unknown) => setCsvReport(valueOf(event)),
          "aria-label": "گزارش CSV",
        },
        ...CSV_REPORTS.map(([value, label]) => h("option", { key: value, value }, label)),
      ),
      h(
        "a",
        { className: "mall-analytics__download", href: `${root}/analytics/export.csv?${query({ report: csvReport })}`, download: true },
        "دریافت CSV",
      ),
    ),
  );

  if (error) return h(DS.Box, null, controls, h(DS.MessageBox, { variant: "danger", message: error }));
  if (!report) return h(DS.Box, null, controls, h(DS.Loader, null));

  const labels = report.series.map((bucket) =>
    toPersianDigits(granularity === "day" ? bucket.label.slice(5) : bucket.label.replace(/^\d{4}\//, "").replace(" تا ", " تا ")),
  );
  const revenue = h(Line, {
    data: {
      labels,
      datasets: [
        {
          label: "فروش (تومان)",
          data: report.series.map((bucket) => rialsToTomans(bucket.revenueRials)),
          borderColor: "#0f766e",
          backgroundColor: "rgba(15, 118, 110, 0.12)",
          fill: true,
          tension: 0.3,
          pointRadius: report.series.length > 40 ? 0 : 3,
        },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      locale: "fa-IR",
      plugins: {
        legend: { display: false, ...rtl },
        tooltip: { ...rtl, callbacks: { label: (item: { raw: unknown }) => toman(tomansToRials(Number(item.raw))) } },
      },
      scales: {
        x: { reverse: true, ticks: { font: axisFont, maxRotation: 0, autoSkipPadding: 12 } },
        y: { position: "right", beginAtZero: true, ticks: { font: axisFont, callback: (value: unknown) => faNumber(Number(value)) } },
      },
    },
  });
  const states = report.ordersByState.filter((state) => state.orders > 0);
  const byState = h(Doughnut, {
    data: {
      labels: states.map((state) => state.label),
      datasets: [
        { data: states.map((state) => state.orders), backgroundColor: states.map((state) => STATE_COLOURS[state.state] ?? "#ccc") },
      ],
    },
    options: {
      responsive: true,
      maintainAspectRatio: false,
      locale: "fa-IR",
      plugins: {
        legend: { position: "right", ...rtl, labels: { font: axisFont } },
        tooltip: {
          ...rtl,
          callbacks: { label: (item: { label: string; raw: unknown }) => `${item.label}: ${faNumber(Number(item.raw))}` },
        },
      },
    },
  });
  const top = report.topProductsByRevenue.slice(0, 8);
  const topProducts = h(Bar, {
    data: {
      labels: top.map((p) => p.name),
      datasets: [
        { label: "فروش (تومان)", data: top.map((p) => rialsToTomans(p.revenueRials)), backgroundColor: "#3fa39a", borderRadius: 6 },
      ],
    },
    options: {
      indexAxis: "y",
      responsive: true,
      maintainAspectRatio: false,
      locale: "fa-IR",
      plugins: {
        legend: { display: false },
        tooltip: { ...rtl, callbacks: { label: (item: { raw: unknown }) => toman(tomansToRials(Number(item.raw))) } },
      },
      scales: {
        x: { reverse: true, ticks: { font: axisFont, callback: (value: unknown) => faNumber(Number(value)) } },
        y: { position: "right", ticks: { font: axisFont } },
      },
    },
  });

  const figure = (title: string, value: string, key: string) =>
    h(
      DS.Box,
      { key, className: "mall-card", bg: "white", p: "lg" },
      h(DS.Text, { className: "mall-card__title" }, title),
      h(DS.Text, { className: "mall-card__value" }, value),
    );

  return h(
    DS.Box,
    { className: "mall-analytics" },
    controls,
    h(
      DS.Text,
      { className: "mall-analytics__range-note", color: "grey60", mb: "lg" },
      `${toPersianDigits(report.range.from)} تا ${toPersianDigits(report.range.to)} — سفارش‌های پرداخت‌شده، در حال آماده‌سازی، ارسال‌شده و تحویل‌شده`,
    ),
    h(
      "div",
      { className: "mall-cards" },
      figure("فروش", toman(report.totals.revenueRials), "revenue"),
      figure("سفارش‌ها", faNumber(report.totals.orders), "orders"),
      figure("میانگین هر سفارش", toman(report.totals.averageOrderRials), "average"),
      figure("خریداران", `${faNumber(report.customers.new)} جدید، ${faNumber(report.customers.returning)} بازگشتی`, "customers"),
    ),
    h(
      "div",
      { className: "mall-analytics__charts" },
      h(
        "figure",
        { className: "mall-chart mall-chart--wide", "data-chart": "revenue" },
        h("figcaption", null, "فروش در طول زمان"),
        h("div", { className: "mall-chart__canvas" }, revenue),
      ),
      h(
        "figure",
        { className: "mall-chart", "data-chart": "states" },
        h("figcaption", null, "سفارش‌ها بر اساس وضعیت"),
        h(
          "div",
          { className: "mall-chart__canvas" },
          states.length ? byState : h(DS.Text, { color: "grey60" }, "سفارشی در این بازه نیست."),
        ),
      ),
      h(
        "figure",
        { className: "mall-chart", "data-chart": "top-products" },
        h("figcaption", null, "پرفروش‌ترین محصولات"),
        h(
          "div",
          { className: "mall-chart__canvas" },
          top.length ? topProducts : h(DS.Text, { color: "grey60" }, "فروشی در این بازه نیست."),
        ),
      ),
    ),
    report.topProductsByViews.length
      ? h(
          DS.Table,
          { width: 1, className: "mall-analytics__views" },
          h(
            DS.TableHead,
            null,
            h(
              DS.TableRow,
              null,
              h(DS.TableCell, null, "پربازدیدترین محصولات"),
              h(DS.TableCell, null, "بازدید"),
              h(DS.TableCell, null, "سفارش"),
              h(DS.TableCell, null, "نرخ تبدیل"),
            ),
          ),
          h(
            DS.TableBody,
            null,
            ...report.topProductsByViews
              .slice(0, 5)
              .map((p) =>
                h(
                  DS.TableRow,
                  { key: p.productId },
                  h(DS.TableCell, null, p.name),
                  h(DS.TableCell, null, faNumber(p.views)),
                  h(DS.TableCell, null, faNumber(p.orders)),
                  h(DS.TableCell, null, p.conversionRate === null ? "—" : `${faNumber(Math.round(p.conversionRate * 1000) / 10)}٪`),
                ),
              ),
          ),
        )
      : null,
  );
};

export default AnalyticsPanel;
