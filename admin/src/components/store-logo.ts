import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { h, placed } from "./ui.js";

/** The store's logo, once the media job has made its variants. */
const StoreLogo: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const url = record?.params[property.path];
  const content = url
    ? h("img", { src: String(url), alt: "", className: where === "list" ? "mall-logo mall-logo--small" : "mall-logo" })
    : h("span", { className: "mall-muted" }, "بدون لوگو");
  return placed(where, translateProperty(property.label, resource.id), content) as React.ReactElement;
};

export default StoreLogo;
