import { useTranslation, type EditPropertyProps } from "adminjs";
import type React from "react";
import { useState } from "react";
import { DS, faNumber, h, toman, valueOf } from "./ui.js";
import { parseTomans, rialsToTomans } from "@mall/locale";

/**
 * A price typed in Tomans (any digits), stored in Rials. What cannot be read
 * as a number is passed on as typed, so the server answers with its own
 * Persian message beside the field.
 */
const TomanInput: React.FC<EditPropertyProps> = ({ property, record, resource, onChange }) => {
  const { translateProperty, translateMessage } = useTranslation();
  const stored = record.params[property.path];
  const [text, setText] = useState(
    stored === null || stored === undefined || stored === "" ? "" : faNumber(rialsToTomans(Number(stored))).replace(/٬/g, ""),
  );
  const error = record.errors?.[property.path];
  const rials = parseTomans(text);

  const change = (event: unknown) => {
    const typed = valueOf(event);
    setText(typed);
    if (typed.trim() === "") onChange(property.path, property.path === "price" ? null : "");
    else onChange(property.path, parseTomans(typed) ?? typed);
  };

  return h(
    DS.FormGroup,
    { error: Boolean(error) },
    h(DS.Label, { htmlFor: property.path, required: property.isRequired }, `${translateProperty(property.label, resource.id)} (تومان)`),
    h(DS.Input, {
      id: property.path,
      name: property.path,
      value: text,
      onChange: change,
      inputMode: "numeric",
      dir: "ltr",
      className: "mall-money-input",
      width: 1,
    }),
    h(DS.FormMessage, null, error ? translateMessage(error.message, resource.id) : rials !== null ? toman(rials) : null),
  );
};

export default TomanInput;
