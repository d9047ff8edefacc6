import { useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { GATEWAY_LABELS, type GatewayName as Gateway } from "@mall/locale";
import { DS, h, placed } from "./ui.js";

/** A gateway by its Persian name («زرین‌پال»), with a badge when checkout does not offer it. */
const GatewayName: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const gateway = String(record?.params[property.path] ?? "");
  const enabled = record?.params.enabled === true || record?.params.enabled === "true";
  const content = h(
    "span",
    { className: "mall-gateway" },
    GATEWAY_LABELS[gateway as Gateway] ?? gateway,
    enabled ? null : h(DS.Badge, { variant: "secondary", outline: true, ml: "default", mr: "default" }, "غیرفعال"),
  );
  return placed(where, translateProperty(property.label, resource.id), content) as React.ReactElement;
};

export default GatewayName;
