import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { faNumber, h, placed } from "./ui.js";

/** A count in Persian digits. */
const PersianNumber: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  return placed(
    where,
    translateProperty(property.label, resource.id),
    h("span", null, faNumber(record?.params[property.path] as number | undefined)),
  ) as React.ReactElement;
};

export default PersianNumber;
