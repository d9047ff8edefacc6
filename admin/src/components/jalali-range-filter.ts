import { useTranslation, type FilterPropertyProps } from "adminjs";
import type React from "react";
import { DS, h, valueOf } from "./ui.js";

/** A date range typed as Jalali days («۱۴۰۴/۰۸/۰۱»); the server reads each as that whole day in Tehran. */
const JalaliRangeFilter: React.FC<FilterPropertyProps> = ({ property, filter, onChange, resource }) => {
  const { translateProperty } = useTranslation();
  const fromKey = `${property.path}~~from`;
  const toKey = `${property.path}~~to`;
  const input = (key: string, label: string) =>
    h(
      "div",
      { className: "mall-range__field" },
      h(DS.Label, { htmlFor: key }, label),
      h(DS.Input, {
        id: key,
        name: key,
        dir: "ltr",
        placeholder: "۱۴۰۴/۰۸/۰۱",
        value: String(filter[key] ?? ""),
        onChange: (event: unknown) => onChange(key, valueOf(event)),
      }),
    );
  return h(
    DS.FormGroup,
    { variant: "filter" },
    h(DS.Label, null, translateProperty(property.label, resource.id)),
    input(fromKey, "از تاریخ"),
    input(toKey, "تا تاریخ"),
  );
};

export default JalaliRangeFilter;
