import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { h, persianPhone, placed } from "./ui.js";

/** A mobile number as Iranians write it: «۰۹۱۲۱۲۳۴۵۶۷». */
const PhoneNumber: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  return placed(
    where,
    translateProperty(property.label, resource.id),
    h("span", { dir: "ltr", className: "mall-ltr" }, persianPhone(record?.params[property.path])),
  ) as React.ReactElement;
};

export default PhoneNumber;
