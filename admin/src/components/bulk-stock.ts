import { useActionResponseHandler, useTranslation, type ActionProps } from "adminjs";
import type React from "react";
import { useState } from "react";
import { bulkAction } from "./action-call.js";
import { DS, faNumber, h, prevent, valueOf } from "./ui.js";

/** Stock of several instances at once: set a counted figure, or add (or remove, with a minus) units. */
const BulkStock: React.FC<ActionProps> = ({ records, resource }) => {
  const handle = useActionResponseHandler();
  const { translateMessage } = useTranslation();
  const [mode, setMode] = useState<"set" | "add">("set");
  const [amount, setAmount] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const list = records ?? [];

  const submit = async (event: unknown) => {
    prevent(event);
    setBusy(true);
    const response = await bulkAction(
      resource.id,
      list.map((record) => String(record.id)),
      "bulkStock",
      { mode, amount },
    );
    setBusy(false);
    const fieldError = response.data.errors?.amount?.message;
    const notice = response.data.notice;
    setError(fieldError ?? (notice?.type === "error" ? translateMessage(notice.message, resource.id) : null));
    handle(response as never);
  };

  return h(
    DS.Box,
    { as: "form", onSubmit: submit, p: "xl", bg: "white" },
    h(DS.Text, { mb: "lg" }, `${faNumber(list.length)} مدل انتخاب شده است:`),
    h(
      "ul",
      { className: "mall-list" },
      ...list.map((record) =>
        h("li", { key: String(record.id) }, `${String(record.params.sku ?? "")} ${String(record.params.label ?? "")}`),
      ),
    ),
    h(
      "div",
      { className: "mall-options" },
      h(
        "label",
        { className: "mall-option" },
        h("input", { type: "radio", name: "mode", value: "set", checked: mode === "set", onChange: () => setMode("set") }),
        "موجودی شمارش‌شده را ثبت کن",
      ),
      h(
        "label",
        { className: "mall-option" },
        h("input", { type: "radio", name: "mode", value: "add", checked: mode === "add", onChange: () => setMode("add") }),
        "به موجودی اضافه یا از آن کم کن",
      ),
    ),
    h(
      DS.FormGroup,
      { error: Boolean(error) },
      h(DS.Label, { htmlFor: "amount", required: true }, mode === "set" ? "موجودی" : "تعداد (برای کم کردن با منفی)"),
      h(DS.Input, {
        id: "amount",
        name: "amount",
        value: amount,
        onChange: (event: unknown) => setAmount(valueOf(event)),
        inputMode: "numeric",
        dir: "ltr",
      }),
      h(DS.FormMessage, null, error),
    ),
    h(DS.Button, { variant: "contained", type: "submit", disabled: busy || amount.trim() === "" }, "ذخیره"),
  );
};

export default BulkStock;
