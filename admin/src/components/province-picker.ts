import { useTranslation, type EditPropertyProps } from "adminjs";
import type React from "react";
import { useState } from "react";
import { PROVINCES, toPersianDigits } from "@mall/locale";
import { checkedOf, DS, h } from "./ui.js";

/** «تهران، البرز» (names or ids, as the resource shows them) → the provinces' ids. */
export function provinceIdsOf(text: unknown): number[] {
  const names = String(text ?? "")
    .split(/[،,\n]+/)
    .map((entry) => entry.trim())
    .filter(Boolean);
  return names.flatMap((name) =>
    PROVINCES.filter((province) => province.name === name || String(province.id) === name).map((province) => province.id),
  );
}

/**
 * The provinces a shipping method is limited to, ticked from @mall/locale's
 * list of the 31 provinces; none ticked means all of Iran. The field is sent
 * as the provinces' names, as the resource reads and shows them.
 */
const ProvincePicker: React.FC<EditPropertyProps> = ({ property, record, resource, onChange }) => {
  const { translateProperty, translateMessage } = useTranslation();
  const [chosen, setChosen] = useState<number[]>(() => provinceIdsOf(record.params[property.path]));
  const error = record.errors?.[property.path];
  const toggle = (id: number, on: boolean) => {
    const next = on ? [...chosen, id] : chosen.filter((entry) => entry !== id);
    setChosen(next);
    onChange(
      property.path,
      PROVINCES.filter((province) => next.includes(province.id))
        .map((province) => province.name)
        .join("، "),
    );
  };
  return h(
    DS.FormGroup,
    { error: Boolean(error) },
    h(DS.Label, { as: "span", id: `${property.path}-label` }, translateProperty(property.label, resource.id)),
    h(
      "div",
      {
        className: "mall-options mall-provinces",
        role: "group",
        "aria-labelledby": `${property.path}-label`,
        "data-testid": "province-picker",
      },
      ...PROVINCES.map((province) =>
        h(
          "label",
          { key: province.id, className: "mall-option" },
          h("input", {
            type: "checkbox",
            name: `${property.path}.${province.id}`,
            checked: chosen.includes(province.id),
            onChange: (event: unknown) => toggle(province.id, checkedOf(event)),
          }),
          province.name,
        ),
      ),
    ),
    h(
      DS.FormMessage,
      null,
      error
        ? translateMessage(error.message, resource.id)
        : chosen.length === 0
          ? "هیچ استانی انتخاب نشده: به همهٔ کشور ارسال می‌شود."
          : `${toPersianDigits(chosen.length)} استان انتخاب شده.`,
    ),
  );
};

export default ProvincePicker;
