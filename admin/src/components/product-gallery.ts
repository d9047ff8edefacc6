import { flat, useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { tile, type GalleryItem } from "./product-media.js";
import { h, placed, rootPath } from "./ui.js";

/** A product's images on its page (the "images" action uploads and deletes). */
const ProductGallery: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const items = ((record ? flat.get(record.params, "gallery") : undefined) ?? []) as GalleryItem[];
  const content =
    items.length === 0
      ? h(
          "span",
          { className: "mall-muted" },
          "بدون تصویر — ",
          h("a", { href: `${rootPath()}/resources/products/records/${String(record?.id)}/images` }, "افزودن تصویر"),
        )
      : h("div", { className: "mall-gallery" }, ...items.map((item) => tile(item)));
  return placed(where, translateProperty(property.label, resource.id), content) as React.ReactElement;
};

export default ProductGallery;
