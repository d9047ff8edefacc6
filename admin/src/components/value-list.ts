import { flat, useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { h, placed, swatch } from "./ui.js";

interface Value {
  valueFa?: string;
  value?: string;
  hex?: string | null;
}

/** An attribute's values: swatches and Persian names («● قرمز، ● آبی»). */
const ValueList: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const values = ((record ? flat.get(record.params, "values") : undefined) ?? []) as Value[];
  const content =
    values.length === 0
      ? h("span", { className: "mall-muted" }, "بدون مقدار")
      : h(
          "span",
          { className: "mall-values" },
          ...values.map((value, index) =>
            h("span", { key: index, className: "mall-value" }, swatch(value.hex), value.valueFa ?? value.value ?? ""),
          ),
        );
  return placed(where, translateProperty(property.label, resource.id), content) as React.ReactElement;
};

export default ValueList;
