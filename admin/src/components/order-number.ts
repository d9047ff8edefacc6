import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { faNumber, h, placed } from "./ui.js";

/** An order's number as people say it on the phone: «۱۰۴۲» (no thousands separator). */
const OrderNumber: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const value = record?.params[property.path];
  const text = value === undefined || value === null ? "—" : faNumber(value).replace(/٬/g, "");
  return placed(
    where,
    translateProperty(property.label, resource.id),
    h("span", { className: "mall-order-number" }, text),
  ) as React.ReactElement;
};

export default OrderNumber;
