import type { BasePropertyProps } from "adminjs";
import type React from "react";
import { STATE_NAMES } from "./order-state.js";
import { DS, faNumber, h, jalali, persianPhone, rootPath, toman } from "./ui.js";
import { toPersianDigits } from "@mall/locale";

interface Detail {
  address: { receiverName: string; mobile: string; provinceName: string; cityName: string; line: string; postalCode: string };
  note: string;
  shippingName: string;
  trackingCode: string | null;
  subtotal: number;
  shippingTotal: number;
  discountTotal: number;
  total: number;
  lines: Array<{
    id: string;
    productName: string;
    sku: string;
    attributes: Array<{ name: string; value: string; colorHex: string | null }>;
    unitPrice: number;
    quantity: number;
    lineTotal: number;
  }>;
  history: Array<{
    id: string;
    at: string;
    from: string | null;
    to: string;
    who: string;
    reason: string | null;
    trackingCode: string | null;
  }>;
  invoiceUrl: string;
}

function block(title: string, ...children: React.ReactNode[]) {
  return h(DS.Box, { className: "mall-section", mb: "xl" }, h(DS.H5, { mb: "default" }, title), ...children);
}

function pair(label: string, value: React.ReactNode) {
  return h("div", { className: "mall-pair" }, h("dt", null, label), h("dd", null, value));
}

/** An order's page: lines, totals, the address and shipping, and its history (who, when, why). */
const OrderDetail: React.FC<BasePropertyProps> = ({ record }) => {
  const detail = record?.params.detail as Detail | undefined;
  if (!detail) return h(DS.Loader, null);
  const a = detail.address;
  return h(
    "div",
    { className: "mall-order" },
    h(
      "div",
      { className: "mall-order__actions" },
      h(
        "a",
        { href: `${rootPath()}${detail.invoiceUrl}`, target: "_blank", rel: "noopener", className: "mall-link-button" },
        "فاکتور چاپی",
      ),
    ),
    block(
      "کالاها",
      h(
        DS.Table,
        { width: 1, className: "mall-order-lines" },
        h(
          DS.TableHead,
          null,
          h(DS.TableRow, null, ...["کالا", "کد انبار", "تعداد", "قیمت واحد", "جمع"].map((title) => h(DS.TableCell, { key: title }, title))),
        ),
        h(
          DS.TableBody,
          null,
          ...detail.lines.map((line) =>
            h(
              DS.TableRow,
              { key: line.id },
              h(
                DS.TableCell,
                null,
                line.productName,
                line.attributes.length
                  ? h("div", { className: "mall-muted" }, line.attributes.map((x) => `${x.name}: ${x.value}`).join("، "))
                  : null,
              ),
              h(DS.TableCell, { className: "mall-ltr" }, line.sku),
              h(DS.TableCell, null, faNumber(line.quantity)),
              h(DS.TableCell, null, toman(line.unitPrice)),
              h(DS.TableCell, null, toman(line.lineTotal)),
            ),
          ),
        ),
      ),
      h(
        "dl",
        { className: "mall-totals" },
        pair("جمع کالاها", toman(detail.subtotal)),
        pair("هزینهٔ ارسال", detail.shippingTotal === 0 ? "رایگان" : toman(detail.shippingTotal)),
        detail.discountTotal > 0 ? pair("تخفیف", toman(detail.discountTotal)) : null,
        pair("مبلغ کل", h("strong", null, toman(detail.total))),
      ),
    ),
    block(
      "ارسال",
      h(
        "dl",
        { className: "mall-pairs" },
        pair("گیرنده", a.receiverName),
        pair("شمارهٔ همراه", h("span", { dir: "ltr" }, persianPhone(a.mobile))),
        pair("نشانی", `استان ${a.provinceName}، ${a.cityName}، ${a.line}`),
        pair("کد پستی", toPersianDigits(a.postalCode)),
        pair("روش ارسال", detail.shippingName),
        pair("کد رهگیری", detail.trackingCode ? h("span", { dir: "ltr", className: "mall-tracking" }, detail.trackingCode) : "—"),
        detail.note ? pair("توضیح خریدار", detail.note) : null,
      ),
    ),
    block(
      "تاریخچه",
      h(
        "ol",
        { className: "mall-history" },
        ...[...detail.history]
          .reverse()
          .map((row) =>
            h(
              "li",
              { key: row.id },
              h(
                "strong",
                null,
                row.from
                  ? `${STATE_NAMES[row.from] ?? row.from} ← ${STATE_NAMES[row.to] ?? row.to}`
                  : `ثبت سفارش (${STATE_NAMES[row.to] ?? row.to})`,
              ),
              h("div", { className: "mall-muted" }, `${jalali(row.at)} — ${toPersianDigits(row.who)}`),
              row.reason ? h("div", null, `دلیل: ${row.reason}`) : null,
              row.trackingCode ? h("div", null, "کد رهگیری: ", h("span", { dir: "ltr" }, row.trackingCode)) : null,
            ),
          ),
      ),
    ),
  );
};

export default OrderDetail;
