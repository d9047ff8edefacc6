import { PropertyLabel, useTranslation, type EditPropertyProps } from "adminjs";
import type React from "react";
import { useState } from "react";
import { toLatinDigits, toPersianDigits } from "@mall/locale";
import { DS, h, valueOf } from "./ui.js";

/**
 * A count on a form, shown in Persian digits and typed in either: Latin
 * digits become Persian as they are typed, and the server reads both
 * (params.ts). What is not a number is passed on as typed, so the server
 * answers with its own Persian message beside the field; empty is "".
 */
const PersianNumberInput: React.FC<EditPropertyProps> = ({ property, record, resource, onChange }) => {
  const { translateMessage } = useTranslation();
  const stored = record.params[property.path];
  const [text, setText] = useState(stored === null || stored === undefined ? "" : toPersianDigits(String(stored)));
  const error = record.errors?.[property.path];

  const change = (event: unknown) => {
    const typed = toPersianDigits(valueOf(event));
    setText(typed);
    onChange(property.path, toLatinDigits(typed).trim());
  };

  return h(
    DS.FormGroup,
    { error: Boolean(error) },
    h(PropertyLabel, { property }),
    h(DS.Input, { id: property.path, name: property.path, value: text, onChange: change, inputMode: "numeric", width: 1 }),
    h(DS.FormMessage, null, error ? translateMessage(error.message, resource.id) : null),
  );
};

export default PersianNumberInput;
