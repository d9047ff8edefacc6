import { flat, useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { DS, faNumber, h, placed, rootPath, swatch, toman } from "./ui.js";

interface Row {
  id: string;
  sku: string;
  label: string;
  colors: string[];
  price: number | null;
  effectivePrice: number;
  stock: number;
  isActive: boolean;
}

/** A product's instances on its page: each model with its SKU, price in Tomans and stock. */
const ProductInstances: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const rows = ((record ? flat.get(record.params, "instances") : undefined) ?? []) as Row[];
  const active = rows.filter((row) => row.isActive);
  const root = rootPath();
  const content =
    rows.length === 0
      ? h("span", { className: "mall-muted" }, "هنوز مدلی ساخته نشده است.")
      : h(
          "div",
          null,
          h(DS.Text, { mb: "default", color: "grey60" }, `${faNumber(active.length)} مدل فعال`),
          h(
            DS.Table,
            { width: 1, className: "mall-instances" },
            h(
              DS.TableHead,
              null,
              h(
                DS.TableRow,
                null,
                h(DS.TableCell, null, "مدل"),
                h(DS.TableCell, null, "کد انبار"),
                h(DS.TableCell, null, "قیمت"),
                h(DS.TableCell, null, "موجودی"),
                h(DS.TableCell, null, "وضعیت"),
              ),
            ),
            h(
              DS.TableBody,
              null,
              ...rows.map((row) =>
                h(
                  DS.TableRow,
                  { key: row.id, className: row.isActive ? undefined : "mall-inactive" },
                  h(
                    DS.TableCell,
                    null,
                    h(
                      "a",
                      { href: `${root}/resources/instances/records/${row.id}/edit` },
                      ...row.colors.map((hex, index) => swatch(hex, String(index))),
                      row.label || "بدون ویژگی",
                    ),
                  ),
                  h(DS.TableCell, { className: "mall-ltr" }, row.sku),
                  h(DS.TableCell, null, toman(row.effectivePrice)),
                  h(DS.TableCell, null, faNumber(row.stock)),
                  h(
                    DS.TableCell,
                    null,
                    h(DS.Badge, { variant: row.isActive ? "success" : "secondary", size: "sm" }, row.isActive ? "فعال" : "غیرفعال"),
                  ),
                ),
              ),
            ),
          ),
        );
  return placed(where, translateProperty(property.label, resource.id), content) as React.ReactElement;
};

export default ProductInstances;
