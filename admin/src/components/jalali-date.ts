import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { h, jalali, placed } from "./ui.js";

/** A date and time in the Jalali calendar, at Tehran's time. */
const JalaliDate: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const value = record?.params[property.path];
  return placed(
    where,
    translateProperty(property.label, resource.id),
    h("time", { dateTime: value ? String(value) : undefined, className: "mall-date" }, jalali(value)),
  ) as React.ReactElement;
};

export default JalaliDate;
