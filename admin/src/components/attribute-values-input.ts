import { flat, type EditPropertyProps } from "adminjs";
import type React from "react";
import { useState } from "react";
import { DS, h, valueOf } from "./ui.js";

interface Row {
  id?: string;
  value: string;
  valueFa: string;
  hex: string;
  sortOrder: string;
}

/**
 * An attribute's values on its form: one row each (English key, Persian
 * name, and for colors the swatch), added and removed in place. Existing
 * rows keep their id, so the server changes or deletes exactly those; a
 * refused row shows the service's message beside its own field.
 */
const AttributeValuesInput: React.FC<EditPropertyProps> = ({ property, record, onChange }) => {
  const initial = ((flat.get(record.params, property.path) ?? []) as Array<Record<string, unknown>>).map((row) => ({
    id: row.id ? String(row.id) : undefined,
    value: String(row.value ?? ""),
    valueFa: String(row.valueFa ?? ""),
    hex: String(row.hex ?? ""),
    sortOrder: row.sortOrder === undefined || row.sortOrder === null ? "" : String(row.sortOrder),
  }));
  const [rows, setRows] = useState<Row[]>(initial);
  const isColor = record.params.type === "color";

  const update = (next: Row[]) => {
    setRows(next);
    onChange(
      property.path,
      next.map((row, index) => ({
        ...(row.id ? { id: row.id } : {}),
        value: row.value,
        valueFa: row.valueFa,
        hex: row.hex || null,
        sortOrder: row.sortOrder === "" ? index : row.sortOrder,
      })),
    );
  };
  const set = (index: number, key: keyof Row, value: string) =>
    update(rows.map((row, i) => (i === index ? { ...row, [key]: value } : row)));
  const error = (index: number, key: string) => record.errors?.[`${property.path}.${index}.${key}`]?.message;

  const cell = (index: number, key: "value" | "valueFa" | "hex", label: string, extra: Record<string, unknown> = {}) =>
    h(
      DS.FormGroup,
      { error: Boolean(error(index, key)), className: "mall-value-row__field" },
      h(DS.Label, { htmlFor: `${property.path}.${index}.${key}` }, label),
      h(DS.Input, {
        id: `${property.path}.${index}.${key}`,
        name: `${property.path}.${index}.${key}`,
        value: rows[index]?.[key] ?? "",
        onChange: (event: unknown) => set(index, key, valueOf(event)),
        ...extra,
      }),
      h(DS.FormMessage, null, error(index, key)),
    );

  return h(
    DS.FormGroup,
    { className: "mall-values-input" },
    h(DS.Label, null, "مقدارها"),
    ...rows.map((row, index) =>
      h(
        "div",
        { key: row.id ?? `new-${index}`, className: "mall-value-row" },
        cell(index, "valueFa", "نام فارسی", { placeholder: isColor ? "قرمز" : "بزرگ" }),
        cell(index, "value", "کلید انگلیسی", { placeholder: isColor ? "red" : "l", dir: "ltr", readOnly: Boolean(row.id) }),
        isColor || row.hex ? cell(index, "hex", "کد رنگ", { placeholder: "#d32f2f", dir: "ltr" }) : null,
        isColor || row.hex
          ? h("input", {
              type: "color",
              "aria-label": "انتخاب رنگ",
              value: /^#[0-9a-f]{6}$/i.test(row.hex) ? row.hex : "#000000",
              onChange: (event: unknown) => set(index, "hex", valueOf(event)),
              className: "mall-color",
            })
          : null,
        h(DS.Button, { type: "button", variant: "text", size: "sm", onClick: () => update(rows.filter((_, i) => i !== index)) }, "حذف"),
      ),
    ),
    h(
      DS.Button,
      {
        type: "button",
        variant: "outlined",
        size: "sm",
        "data-testid": "values-add",
        onClick: () => update([...rows, { value: "", valueFa: "", hex: "", sortOrder: "" }]),
      },
      "افزودن مقدار",
    ),
  );
};

export default AttributeValuesInput;
