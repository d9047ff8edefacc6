import type { ActionProps } from "adminjs";
import type React from "react";
import { DS, h, rootPath } from "./ui.js";

/** The printable invoice inside the back office, with a link that opens it alone for printing. */
const OrderInvoice: React.FC<ActionProps> = ({ record }) => {
  const url = `${rootPath()}/orders/${String(record?.id ?? "")}/invoice`;
  return h(
    DS.Box,
    { p: "xl", bg: "white", className: "mall-invoice" },
    h("a", { href: url, target: "_blank", rel: "noopener", className: "mall-link-button" }, "باز کردن برای چاپ"),
    h("iframe", { src: url, title: "فاکتور", className: "mall-invoice__frame" }),
  );
};

export default OrderInvoice;
