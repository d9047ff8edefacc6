import { useTranslation, type BasePropertyProps, type EditPropertyProps } from "adminjs";
import type React from "react";
import { DS, h, placed, rootPath, valueOf } from "./ui.js";

/** What each theme suits, under its name. */
const SUITS: Record<string, string> = {
  bazaar: "گرم و پرجنب‌وجوش، برای فروشگاه‌های همه‌چیز",
  minimal: "آرام و خلوت، نوشته و فضای سفید",
  gallery: "عکس‌محور، برای پوشاک و صنایع‌دستی",
};

const preview = (theme: string, alt: string) =>
  h("img", { src: `${rootPath()}/assets/themes/${theme}.webp`, alt, width: 240, height: 169, loading: "lazy" });

/**
 * The store's theme as pictures: each theme's home page, screenshotted from
 * the demo store (`npm run theme-previews` writes admin/src/assets/themes),
 * with its name and what it suits; choosing one is a radio button.
 */
const ThemeChoice: React.FC<EditPropertyProps | BasePropertyProps> = (props) => {
  const { property, record, resource, where } = props;
  const { translateProperty, translateLabel } = useTranslation();
  const label = translateProperty(property.label, resource.id);
  const current = String(record?.params[property.path] ?? "");
  const name = (theme: string) => translateLabel(`theme.${theme}`, resource.id, { defaultValue: theme }) as string;
  if (where !== "edit") {
    if (!current) return placed(where, label, h("span", { className: "mall-muted" }, "—")) as React.ReactElement;
    return placed(
      where,
      label,
      h("span", { className: "mall-theme-current" }, where === "show" ? preview(current, "") : null, name(current)),
    ) as React.ReactElement;
  }
  const onChange = (props as EditPropertyProps).onChange;
  const themes = (property.availableValues ?? []).map((option) => String(option.value));
  return h(
    DS.FormGroup,
    null,
    h(DS.Label, null, label),
    h(
      "div",
      { className: "mall-themes", role: "radiogroup", "aria-label": label },
      themes.map((theme) =>
        h(
          "label",
          { key: theme, className: `mall-theme${theme === current ? " mall-theme--chosen" : ""}`, "data-theme-option": theme },
          preview(theme, `پیش‌نمایش پوستهٔ ${name(theme)}`),
          h(
            "span",
            { className: "mall-theme__name" },
            h("input", {
              type: "radio",
              name: property.path,
              value: theme,
              checked: theme === current,
              onChange: (event: unknown) => onChange(property.path, valueOf(event)),
            }),
            name(theme),
          ),
          h("span", { className: "mall-theme__suits" }, SUITS[theme] ?? ""),
        ),
      ),
    ),
  );
};

export default ThemeChoice;
