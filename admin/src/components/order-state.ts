import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { DS, h, placed } from "./ui.js";

/** The merchant's words for each state (the same as the resource's ORDER_STATE_NAMES). */
export const STATE_NAMES: Record<string, string> = {
  pending_payment: "در انتظار پرداخت",
  paid: "پرداخت‌شده",
  processing: "در حال آماده‌سازی",
  shipped: "ارسال‌شده",
  delivered: "تحویل‌شده",
  cancelled: "لغوشده",
  refunded: "مرجوع‌شده",
};

const VARIANTS: Record<string, string> = {
  pending_payment: "secondary",
  paid: "info",
  processing: "primary",
  shipped: "primary",
  delivered: "success",
  cancelled: "danger",
  refunded: "danger",
};

/** An order's state as a coloured badge in Persian. */
const OrderState: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const state = String(record?.params[property.path] ?? "");
  const badge = h(
    DS.Badge,
    { variant: VARIANTS[state] ?? "secondary", outline: state === "pending_payment", className: `mall-state mall-state--${state}` },
    STATE_NAMES[state] ?? state,
  );
  return placed(where, translateProperty(property.label, resource.id), badge) as React.ReactElement;
};

export default OrderState;
