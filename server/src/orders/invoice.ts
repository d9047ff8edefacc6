import type { ServiceContext } from "../core/context.js";
import { escapeHtml, formatJalaliDateTime, formatToman, toPersianDigits } from "@mall/locale";
import { Store } from "../tenancy/store.entity.js";
import { ORDER_STATE_LABELS } from "./order-state.js";
import { getStoreOrder, type OrderView } from "./order.service.js";

/** A right-to-left mark first, so the minus stands before the amount when read right to left. */
const MINUS = "\u200f−";

const STYLE = `
*{box-sizing:border-box}
body{font-family:Vazirmatn,Tahoma,"Segoe UI",sans-serif;color:#1f2937;margin:0;padding:2rem;font-size:14px;line-height:1.8}
.sheet{max-width:800px;margin:0 auto}
header{display:flex;justify-content:space-between;align-items:flex-start;border-bottom:2px solid #1f2937;padding-bottom:1rem;margin-bottom:1rem}
h1{font-size:1.4rem;margin:0}
h2{font-size:1rem;margin:1.5rem 0 .5rem}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.25rem 1rem;margin:0}
dt{color:#6b7280}dd{margin:0}
table{width:100%;border-collapse:collapse;margin-top:.5rem}
th,td{border:1px solid #d1d5db;padding:.4rem .6rem;text-align:start;vertical-align:top}
th{background:#f3f4f6}
td.n{white-space:nowrap}
.totals{margin-top:1rem;margin-inline-start:auto;width:320px}
.totals td:first-child{color:#6b7280}
.grand td{font-weight:bold;font-size:1.05rem}
footer{margin-top:2rem;color:#6b7280;font-size:.85rem;text-align:center}
@media print{body{padding:0}.no-print{display:none}}
`;

/**
 * A printable invoice («فاکتور فروش»): a small RTL page with the store, the
 * order number, the Jalali date in Tehran, the lines, the totals in Tomans
 * with Persian digits, and the address. Everything shown is escaped.
 */
export function renderInvoice(store: Pick<Store, "name">, view: OrderView): string {
  const { order, lines } = view;
  const a = order.shippingAddress;
  const rows = lines
    .map(
      (line, index) => `<tr>
<td class="n">${toPersianDigits(index + 1)}</td>
<td>${escapeHtml(line.productName)}${line.attributes.length ? `<br><small>${line.attributes.map((x) => `${escapeHtml(x.name)}: ${escapeHtml(x.value)}`).join("، ")}</small>` : ""}</td>
<td class="n" dir="ltr">${escapeHtml(line.sku)}</td>
<td class="n">${toPersianDigits(line.quantity)}</td>
<td class="n">${formatToman(line.unitPrice)}</td>
<td class="n">${formatToman(line.lineTotal)}</td>
</tr>`,
    )
    .join("\n");
  // One row per discount line («تخفیف: یلدا (YALDA1404)»), then free shipping shows as «رایگان» on the shipping row.
  const discountRows = (view.discounts ?? [])
    .filter((line) => line.amount > 0)
    .map(
      (line) =>
        `<tr data-testid="invoice-discount"><td>تخفیف: ${escapeHtml(line.title)}${line.code ? ` (<span dir="ltr">${escapeHtml(line.code)}</span>)` : ""}</td><td class="n">${MINUS}${formatToman(line.amount)}</td></tr>`,
    );
  const discount =
    discountRows.length > 0
      ? discountRows.join("\n")
      : order.discountTotal > 0
        ? `<tr><td>تخفیف</td><td class="n">${MINUS}${formatToman(order.discountTotal)}</td></tr>`
        : "";
  return `<!doctype html>
<html lang="fa" dir="rtl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>فاکتور سفارش ${toPersianDigits(order.number)} | ${escapeHtml(store.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<main class="sheet">
<header>
<div><h1>${escapeHtml(store.name)}</h1><div>فاکتور فروش</div></div>
<dl>
<dt>شمارهٔ سفارش</dt><dd data-testid="invoice-number">${toPersianDigits(order.number)}</dd>
<dt>تاریخ ثبت</dt><dd data-testid="invoice-date">${formatJalaliDateTime(order.createdAt)}</dd>
<dt>وضعیت</dt><dd>${ORDER_STATE_LABELS[order.state]}</dd>
</dl>
</header>
<h2>گیرنده</h2>
<dl>
<dt>نام</dt><dd>${escapeHtml(a.receiverName)}</dd>
<dt>شمارهٔ همراه</dt><dd>${toPersianDigits(a.mobile.replace(/^\+98/, "0"))}</dd>
<dt>نشانی</dt><dd>استان ${escapeHtml(a.provinceName)}، ${escapeHtml(a.cityName)}، ${escapeHtml(a.line)}</dd>
<dt>کد پستی</dt><dd>${toPersianDigits(a.postalCode)}</dd>
<dt>روش ارسال</dt><dd>${escapeHtml(order.shippingName)}${order.trackingCode ? ` (کد رهگیری: <span dir="ltr">${escapeHtml(order.trackingCode)}</span>)` : ""}</dd>
</dl>
<h2>کالاها</h2>
<table>
<thead><tr><th>ردیف</th><th>کالا</th><th>کد کالا</th><th>تعداد</th><th>قیمت واحد</th><th>جمع</th></tr></thead>
<tbody>
${rows}
</tbody>
</table>
<table class="totals">
<tr><td>جمع کالاها</td><td class="n">${formatToman(order.subtotal)}</td></tr>
<tr><td>هزینهٔ ارسال</td><td class="n">${order.shippingTotal === 0 ? "رایگان" : formatToman(order.shippingTotal)}</td></tr>
${discount}
<tr class="grand"><td>مبلغ کل</td><td class="n" data-testid="invoice-total">${formatToman(order.total)}</td></tr>
</table>
${order.note ? `<h2>توضیحات خریدار</h2><p>${escapeHtml(order.note)}</p>` : ""}
<footer>با سپاس از خرید شما</footer>
</main>
</body>
</html>
`;
}

/** The invoice of one of the store's orders, for its merchants (the API and the back office's print action). */
export async function orderInvoice(ctx: ServiceContext, storeId: string, orderId: string): Promise<string> {
  const view = await getStoreOrder(ctx, storeId, orderId);
  const store = await ctx.manager.findOneByOrFail(Store, { id: storeId });
  return renderInvoice(store, view);
}
