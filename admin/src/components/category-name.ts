import type { BasePropertyProps } from "adminjs";
import type React from "react";
import { h } from "./ui.js";

/** A category's name in the list, indented by its depth so the list reads as the tree it is. */
const CategoryName: React.FC<BasePropertyProps> = ({ record }) => {
  const depth = Number(record?.params.depth ?? 0);
  return h(
    "span",
    { className: "mall-tree", style: { paddingInlineStart: `${depth * 1.5}em` }, title: String(record?.params.breadcrumb ?? "") },
    depth > 0 ? h("span", { className: "mall-tree__branch", "aria-hidden": true }, "┘ ") : null,
    String(record?.params.nameFa ?? ""),
  );
};

export default CategoryName;
