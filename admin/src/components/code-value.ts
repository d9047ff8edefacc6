import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { h, placed } from "./ui.js";

/** A code in Latin letters (a page's slug, a SKU): shown as a code, left to right, as it is typed in a URL. */
const CodeValue: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const value = String(record?.params[property.path] ?? "");
  return placed(
    where,
    translateProperty(property.label, resource.id),
    value ? h("code", { dir: "ltr", className: "mall-code" }, value) : "—",
  ) as React.ReactElement;
};

export default CodeValue;
