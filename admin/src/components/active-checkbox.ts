import { useTranslation, type EditPropertyProps } from "adminjs";
import type React from "react";
import { checkedOf, DS, h } from "./ui.js";

/** The "active" switch: a new product starts active (the service's default), and the box shows it. */
const ActiveCheckbox: React.FC<EditPropertyProps> = ({ property, record, resource, onChange }) => {
  const { translateProperty } = useTranslation();
  const value = record.params[property.path];
  const checked = value === undefined || value === null || value === "" ? !record.id : value === true || value === "true";
  return h(
    DS.FormGroup,
    null,
    h(
      "label",
      { className: "mall-option", htmlFor: property.path },
      h("input", {
        type: "checkbox",
        id: property.path,
        name: property.path,
        checked,
        onChange: (event: unknown) => onChange(property.path, checkedOf(event)),
      }),
      translateProperty(property.label, resource.id),
    ),
  );
};

export default ActiveCheckbox;
