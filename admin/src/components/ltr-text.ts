import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { h, placed } from "./ui.js";

/** A Latin value (a domain, a slug, a serial) set left to right inside the right-to-left page. */
const LtrText: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const value = record?.params[property.path];
  return placed(
    where,
    translateProperty(property.label, resource.id),
    h("span", { dir: "ltr", className: "mall-ltr" }, value ? String(value) : "—"),
  ) as React.ReactElement;
};

export default LtrText;
