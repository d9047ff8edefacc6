import { stringify } from "csv-stringify/sync";
import type { AnalyticsReport } from "./analytics.schemas.js";
import type { CsvReport } from "./analytics.schemas.js";
import { rialsToTomans } from "@mall/locale";

/** Excel opens a CSV as UTF-8 (and shows Persian) only when it starts with a byte-order mark. */
const BOM = "\uFEFF";

/** Rials as Tomans, the unit merchants read (a tenth of a Toman stays as a decimal). */
const rate = (value: number | null) => (value === null ? "" : (value * 100).toFixed(2));

/**
 * One report of the analytics as CSV: Persian headers, Jalali dates
 * (`1405/09/01`, Latin digits so spreadsheets sort and filter them), money in
 * Tomans, CRLF line ends, UTF-8 with a BOM.
 */
export function analyticsCsv(report: AnalyticsReport, which: CsvReport): string {
  const rows: Array<Array<string | number>> = [];
  switch (which) {
    case "sales":
      rows.push(["دوره", "از تاریخ", "تا تاریخ", "تعداد سفارش", "فروش (تومان)"]);
      for (const bucket of report.series)
        rows.push([bucket.label, bucket.from, bucket.to, bucket.orders, rialsToTomans(bucket.revenueRials)]);
      rows.push(["جمع", report.range.from, report.range.to, report.totals.orders, rialsToTomans(report.totals.revenueRials)]);
      break;
    case "states":
      rows.push(["وضعیت", "کد وضعیت", "تعداد سفارش", "مبلغ (تومان)"]);
      for (const state of report.ordersByState) rows.push([state.label, state.state, state.orders, rialsToTomans(state.totalRials)]);
      break;
    case "products": {
      rows.push(["محصول", "شناسهٔ محصول", "بازدید", "سفارش", "تعداد فروخته", "فروش (تومان)", "نرخ تبدیل (درصد)"]);
      // Sold products by revenue, then those only viewed.
      const seen = new Set<string>();
      for (const product of [...report.topProductsByRevenue, ...report.conversion]) {
        if (seen.has(product.productId)) continue;
        seen.add(product.productId);
        rows.push([
          product.name,
          product.productId,
          product.views,
          product.orders,
          product.quantity,
          rialsToTomans(product.revenueRials),
          rate(product.conversionRate),
        ]);
      }
      break;
    }
    case "low-stock":
      rows.push(["محصول", "کد انبار", "موجودی"]);
      for (const item of report.lowStock.items) rows.push([item.name, item.sku, item.stock]);
      break;
    case "customers":
      rows.push(["از تاریخ", "تا تاریخ", "خریداران", "خریداران جدید", "خریداران بازگشتی"]);
      rows.push([report.range.from, report.range.to, report.customers.customers, report.customers.new, report.customers.returning]);
      break;
  }
  return BOM + stringify(rows, { record_delimiter: "windows" });
}

/** `analytics-sales-1405-09-01-1405-09-30.csv` (ASCII, so every browser keeps the name). */
export function analyticsCsvName(report: AnalyticsReport, which: CsvReport): string {
  return `analytics-${which}-${report.range.from.replaceAll("/", "-")}-${report.range.to.replaceAll("/", "-")}.csv`;
}
