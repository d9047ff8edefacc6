import { flat, useTranslation, type BasePropertyProps } from "adminjs";
import type React from "react";
import { DS, h, placed, swatch } from "./ui.js";

interface Applicable {
  id: string;
  nameFa: string;
  name: string;
  type: string;
  isCategorizer: boolean;
  isRequired: boolean;
  inheritedFrom: string | null;
  values: Array<{ valueFa: string; hex: string | null }>;
}

const TYPES: Record<string, string> = { color: "رنگ", size: "اندازه", description: "توضیحات", custom: "دلخواه" };

/** Every attribute that applies to a category: its own, and those it inherits (named with the category they come from). */
const ApplicableAttributes: React.FC<BasePropertyProps> = ({ property, record, resource, where }) => {
  const { translateProperty } = useTranslation();
  const rows = ((record ? flat.get(record.params, "applicable") : undefined) ?? []) as Applicable[];
  const content =
    rows.length === 0
      ? h(DS.Text, { color: "grey60" }, "هنوز ویژگی‌ای برای این دسته یا دسته‌های بالاتر تعریف نشده است.")
      : h(
          DS.Table,
          { width: 1 },
          h(
            DS.TableHead,
            null,
            h(
              DS.TableRow,
              null,
              h(DS.TableCell, null, "ویژگی"),
              h(DS.TableCell, null, "نوع"),
              h(DS.TableCell, null, "مقدارها"),
              h(DS.TableCell, null, "تعریف‌شده در"),
            ),
          ),
          h(
            DS.TableBody,
            null,
            ...rows.map((row) =>
              h(
                DS.TableRow,
                { key: row.id },
                h(
                  DS.TableCell,
                  null,
                  h("a", { href: `/admin/resources/attributes/records/${row.id}/show` }, row.nameFa),
                  row.isCategorizer ? h(DS.Badge, { variant: "primary", size: "sm", className: "mall-badge" }, "سازندهٔ مدل") : null,
                  row.isRequired ? h(DS.Badge, { variant: "secondary", size: "sm", className: "mall-badge" }, "الزامی") : null,
                ),
                h(DS.TableCell, null, TYPES[row.type] ?? row.type),
                h(
                  DS.TableCell,
                  null,
                  h(
                    "span",
                    { className: "mall-values" },
                    ...row.values.map((value, index) =>
                      h("span", { key: index, className: "mall-value" }, swatch(value.hex), value.valueFa),
                    ),
                  ),
                ),
                h(DS.TableCell, null, row.inheritedFrom ? `به ارث از «${row.inheritedFrom}»` : "همین دسته"),
              ),
            ),
          ),
        );
  return placed(where, translateProperty(property.label, resource.id), content) as React.ReactElement;
};

export default ApplicableAttributes;
