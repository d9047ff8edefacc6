import { useTranslation, type EditPropertyProps } from "adminjs";
import type React from "react";
import { useState } from "react";
import { parseTomans, PROVINCES, toPersianDigits } from "@mall/locale";
import { DS, h, toman, valueOf } from "./ui.js";

interface Row {
  provinceId: string;
  tomans: string;
}

/** «تهران: ۴۵٬۰۰۰» per line (as the resource shows them) → rows of province and Tomans. */
function rowsOf(text: unknown): Row[] {
  return String(text ?? "")
    .split(/[\n\r]+/)
    .map((line) => /^(.+?)\s*[:=]\s*(.+)$/.exec(line.trim()))
    .flatMap((match) => {
      const province = match ? PROVINCES.find((entry) => entry.name === match[1] || String(entry.id) === match[1]) : undefined;
      return province && match ? [{ provinceId: String(province.id), tomans: match[2]!.replace(/[٬,]/g, "") }] : [];
    });
}

/** Rows back to the resource's text: one line a province, the price in Tomans. */
function textOf(rows: Row[]): string {
  return rows
    .filter((row) => row.provinceId)
    .map((row) => `${PROVINCES.find((province) => String(province.id) === row.provinceId)?.name ?? row.provinceId}: ${row.tomans.trim()}`)
    .join("\n");
}

/**
 * A shipping method's price per province: each row a province picked from
 * @mall/locale's list and its price in Tomans; provinces without a row pay
 * the method's price. Sent as the resource's «استان: تومان» lines.
 */
const ProvincePrices: React.FC<EditPropertyProps> = ({ property, record, resource, onChange }) => {
  const { translateProperty, translateMessage } = useTranslation();
  const [rows, setRows] = useState<Row[]>(() => rowsOf(record.params[property.path]));
  const error = record.errors?.[property.path];
  const update = (next: Row[]) => {
    setRows(next);
    onChange(property.path, textOf(next));
  };
  const set = (index: number, change: Partial<Row>) => update(rows.map((row, at) => (at === index ? { ...row, ...change } : row)));
  const taken = new Set(rows.map((row) => row.provinceId));
  return h(
    DS.FormGroup,
    { error: Boolean(error) },
    h(DS.Label, { as: "span", id: `${property.path}-label` }, translateProperty(property.label, resource.id)),
    h(
      "div",
      { className: "mall-province-prices", role: "group", "aria-labelledby": `${property.path}-label`, "data-testid": "province-prices" },
      ...rows.map((row, index) => {
        const rials = parseTomans(row.tomans);
        return h(
          "div",
          { key: index, className: "mall-province-price" },
          h(
            "select",
            {
              className: "mall-select",
              name: `${property.path}.${index}.province`,
              "aria-label": `استان ردیف ${toPersianDigits(index + 1)}`,
              value: row.provinceId,
              onChange: (event: unknown) => set(index, { provinceId: valueOf(event) }),
            },
            h("option", { value: "" }, "استان را انتخاب کنید"),
            ...PROVINCES.filter((province) => province.id === Number(row.provinceId) || !taken.has(String(province.id))).map((province) =>
              h("option", { key: province.id, value: String(province.id) }, province.name),
            ),
          ),
          h(DS.Input, {
            name: `${property.path}.${index}.tomans`,
            "aria-label": `هزینهٔ ارسال ردیف ${toPersianDigits(index + 1)} به تومان`,
            value: row.tomans,
            inputMode: "numeric",
            dir: "ltr",
            className: "mall-money-input",
            placeholder: "تومان",
            onChange: (event: unknown) => set(index, { tomans: valueOf(event) }),
          }),
          h("span", { className: "mall-province-price__amount" }, rials !== null && row.tomans.trim() ? toman(rials) : ""),
          h(DS.Button, { type: "button", variant: "text", size: "sm", onClick: () => update(rows.filter((_, at) => at !== index)) }, "حذف"),
        );
      }),
      h(
        DS.Button,
        {
          type: "button",
          variant: "outlined",
          size: "sm",
          "data-testid": "province-prices-add",
          onClick: () => update([...rows, { provinceId: "", tomans: "" }]),
        },
        "افزودن استان",
      ),
    ),
    h(
      DS.FormMessage,
      null,
      error ? translateMessage(error.message, resource.id) : "استان‌هایی که اینجا نیستند هزینهٔ ارسال بالا را می‌پردازند.",
    ),
  );
};

export default ProvincePrices;
