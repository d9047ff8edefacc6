import { useActionResponseHandler, useTranslation, type ActionProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import { recordAction } from "./action-call.js";
import { checkedOf, DS, faNumber, h, prevent, swatch, valueOf } from "./ui.js";

interface Choice {
  id: string;
  nameFa: string;
  type: string;
  isCategorizer: boolean;
  isRequired: boolean;
  values: Array<{ id: string; valueFa: string; hex: string | null }>;
  chosenValueIds: string[];
  text: string | null;
}

/**
 * A product's models: pick the values of its category's attributes (several
 * of a categorizer, such as colors and sizes; one of any other), and the
 * instances are generated as their combinations (3 colors × 2 sizes = 6),
 * new ones starting with the stock given here.
 */
const GenerateInstances: React.FC<ActionProps> = ({ record, resource }) => {
  const handle = useActionResponseHandler();
  const { translateMessage } = useTranslation();
  const recordId = String(record?.id ?? "");
  const [choices, setChoices] = useState<Choice[] | null>(null);
  const [chosen, setChosen] = useState<Record<string, string[]>>({});
  const [texts, setTexts] = useState<Record<string, string>>({});
  const [stock, setStock] = useState("0");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  useEffect(() => {
    recordAction(resource.id, recordId, "generateInstances").then(({ data }) => {
      const list = (data.attributes as Choice[]) ?? [];
      setChoices(list);
      setChosen(Object.fromEntries(list.map((choice) => [choice.id, choice.chosenValueIds])));
      setTexts(Object.fromEntries(list.map((choice) => [choice.id, choice.text ?? ""])));
    });
  }, [recordId]);

  if (!choices) return h(DS.Loader, null);

  const toggle = (choice: Choice, valueId: string, on: boolean) => {
    const current = chosen[choice.id] ?? [];
    const next = choice.isCategorizer ? (on ? [...current, valueId] : current.filter((id) => id !== valueId)) : on ? [valueId] : [];
    setChosen({ ...chosen, [choice.id]: next });
  };
  const combinations = choices
    .filter((choice) => choice.isCategorizer && (chosen[choice.id]?.length ?? 0) > 0)
    .reduce((count, choice) => count * (chosen[choice.id]?.length ?? 1), 1);

  const submit = async (event: unknown) => {
    prevent(event);
    setBusy(true);
    const payload = choices
      .map((choice) => {
        const text = texts[choice.id]?.trim();
        const valueIds = chosen[choice.id] ?? [];
        return valueIds.length > 0 ? { attributeId: choice.id, valueIds } : text ? { attributeId: choice.id, valueIds: [], text } : null;
      })
      .filter(Boolean);
    const response = await recordAction(resource.id, recordId, "generateInstances", { choices: JSON.stringify(payload), stock });
    setBusy(false);
    const notice = response.data.notice;
    setError(notice?.type === "error" ? translateMessage(notice.message, resource.id) : null);
    handle(response as never);
  };

  return h(
    DS.Box,
    { as: "form", onSubmit: submit, p: "xl", bg: "white", className: "mall-generate" },
    choices.length === 0
      ? h(DS.MessageBox, {
          variant: "info",
          message: "برای دستهٔ این محصول هنوز ویژگی‌ای تعریف نشده است؛ ابتدا در «ویژگی‌ها» رنگ یا اندازه را تعریف کنید.",
          mb: "xl",
        })
      : null,
    ...choices.map((choice) =>
      h(
        "fieldset",
        { key: choice.id, className: "mall-fieldset" },
        h(
          "legend",
          null,
          choice.nameFa,
          choice.isCategorizer ? h(DS.Badge, { variant: "primary", size: "sm", className: "mall-badge" }, "سازندهٔ مدل") : null,
          choice.isRequired ? h(DS.Badge, { size: "sm", className: "mall-badge" }, "الزامی") : null,
        ),
        choice.values.length > 0
          ? h(
              "div",
              { className: "mall-options" },
              ...choice.values.map((value) =>
                h(
                  "label",
                  { key: value.id, className: "mall-option" },
                  h("input", {
                    type: choice.isCategorizer ? "checkbox" : "radio",
                    name: `attr-${choice.id}`,
                    value: value.id,
                    checked: (chosen[choice.id] ?? []).includes(value.id),
                    onChange: (event: unknown) => toggle(choice, value.id, checkedOf(event)),
                  }),
                  swatch(value.hex),
                  value.valueFa,
                ),
              ),
            )
          : h(DS.Input, {
              value: texts[choice.id] ?? "",
              onChange: (event: unknown) => setTexts({ ...texts, [choice.id]: valueOf(event) }),
              width: 1,
            }),
      ),
    ),
    h(
      DS.FormGroup,
      null,
      h(DS.Label, { htmlFor: "stock" }, "موجودی اولیهٔ هر مدل تازه"),
      h(DS.Input, {
        id: "stock",
        name: "stock",
        value: stock,
        onChange: (event: unknown) => setStock(valueOf(event)),
        inputMode: "numeric",
        dir: "ltr",
      }),
    ),
    error ? h(DS.MessageBox, { variant: "danger", message: error, mb: "lg" }) : null,
    h(
      DS.Text,
      { mb: "lg", className: "mall-summary" },
      combinations > 1 || choices.some((choice) => choice.isCategorizer && (chosen[choice.id]?.length ?? 0) > 0)
        ? `${faNumber(combinations)} مدل`
        : "یک مدل (بدون ویژگی سازندهٔ مدل)",
    ),
    h(DS.Button, { variant: "contained", type: "submit", disabled: busy }, busy ? "در حال ساخت…" : "ساخت مدل‌ها"),
  );
};

export default GenerateInstances;
