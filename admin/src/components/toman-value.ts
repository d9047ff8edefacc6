import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { h, placed, toman } from "./ui.js";

/** An amount of Rials, shown in Tomans with Persian digits (the platform's one formatter). */
const TomanValue: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const value = record?.params[property.path];
  const empty = resource.id === "instances" && property.path === "price" ? "قیمت محصول" : "—";
  const text = value === null || value === undefined || value === "" ? empty : toman(value);
  return placed(where, translateProperty(property.label, resource.id), h("span", { className: "mall-money" }, text)) as React.ReactElement;
};

export default TomanValue;
