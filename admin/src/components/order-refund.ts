import { useActionResponseHandler, useTranslation, type ActionProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import { recordAction } from "./action-call.js";
import { checkedOf, DS, h, prevent, toman, valueOf } from "./ui.js";
import { parseTomans } from "@mall/locale";

interface Facts {
  paidAmount: number;
  online: { gateway: string; label: string; reference: string | null } | null;
  shipped: boolean;
}

/**
 * Gives an order's money back: through the gateway (the whole payment,
 * where the gateway still allows it) or as a recorded manual refund (any
 * amount up to what was paid, with the bank's reference), with or without
 * returning the items to stock; then a Persian confirmation that says what
 * will happen before anything is posted.
 */
const OrderRefund: React.FC<ActionProps> = ({ action, record, resource }) => {
  const handle = useActionResponseHandler();
  const { translateMessage } = useTranslation();
  const [facts, setFacts] = useState<Facts | null>(null);
  const [method, setMethod] = useState<"gateway" | "manual">("manual");
  const [amount, setAmount] = useState("");
  const [restock, setRestock] = useState(true);
  const [note, setNote] = useState("");
  const [reference, setReference] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const recordId = String(record?.id ?? "");

  useEffect(() => {
    recordAction(resource.id, recordId, action.name).then(({ data }) => {
      const loaded = data.facts as Facts;
      setFacts(loaded);
      setMethod(loaded.online ? "gateway" : "manual");
      setRestock(!loaded.shipped);
    });
  }, [recordId, action.name]);

  if (!facts) return h(DS.Loader, null);
  const rials = method === "gateway" ? facts.paidAmount : amount.trim() === "" ? facts.paidAmount : parseTomans(amount);

  const submit = async () => {
    setBusy(true);
    const response = await recordAction(resource.id, recordId, action.name, {
      confirmed: "true",
      method,
      amount: method === "manual" ? amount : "",
      restock: restock ? "true" : "false",
      note,
      reference: method === "manual" ? reference : "",
    });
    setBusy(false);
    const found = response.data.record?.errors ?? {};
    const messages = Object.fromEntries(
      Object.entries(found).map(([field, error]) => [field, translateMessage(error.message, resource.id)]),
    );
    const notice = response.data.notice;
    if (notice?.type === "error" && Object.keys(messages).length === 0) messages.form = translateMessage(notice.message, resource.id);
    setErrors(messages);
    if (notice?.type === "error") setConfirming(false);
    handle(response as never);
  };

  const option = (value: "gateway" | "manual", label: string, disabled = false) =>
    h(
      "label",
      { className: "mall-option", htmlFor: `method-${value}` },
      h("input", {
        type: "radio",
        id: `method-${value}`,
        name: "method",
        value,
        checked: method === value,
        disabled,
        onChange: () => setMethod(value),
      }),
      label,
    );

  if (confirming) {
    const how =
      method === "gateway"
        ? `از راه ${facts.online?.label ?? "درگاه"} به کارتی که با آن پرداخت شده`
        : "به‌صورت دستی (ثبت بازپرداختی که خودتان انجام داده‌اید)";
    return h(
      DS.Box,
      { p: "xl", bg: "white", className: "mall-refund mall-refund--confirm" },
      h(DS.MessageBox, { variant: "danger", mb: "xl", message: "این کار برگشت‌پذیر نیست." }),
      h(
        DS.Text,
        { mb: "lg", "data-testid": "refund-question" },
        `آیا مطمئنید؟ ${rials !== null ? toman(rials) : amount} ${how} بازگردانده می‌شود و سفارش «مرجوع‌شده» می‌شود.`,
      ),
      h(DS.Text, { mb: "xl" }, restock ? "کالاهای این سفارش به موجودی برمی‌گردند." : "کالاها به موجودی برنمی‌گردند."),
      h(
        DS.Button,
        { variant: "danger", type: "button", onClick: submit, disabled: busy, mr: "default", "data-testid": "refund-confirm" },
        "بله، مبلغ را بازگردان",
      ),
      h(DS.Button, { variant: "outlined", type: "button", onClick: () => setConfirming(false), disabled: busy }, "انصراف"),
    ) as React.ReactElement;
  }

  return h(
    DS.Box,
    { as: "form", onSubmit: (event: unknown) => (prevent(event), setConfirming(true)), p: "xl", bg: "white", className: "mall-refund" },
    h(DS.Text, { mb: "lg" }, `مبلغ پرداخت‌شده: ${toman(facts.paidAmount)}`),
    h(
      DS.FormGroup,
      { error: Boolean(errors.method) },
      h(DS.Label, null, "روش بازگرداندن وجه"),
      option(
        "gateway",
        facts.online
          ? `برگشت از درگاه ${facts.online.label} (کل مبلغ، اگر درگاه هنوز بپذیرد)`
          : "برگشت از درگاه (این سفارش پرداخت آنلاین ندارد)",
        !facts.online,
      ),
      option("manual", "بازپرداخت دستی (کارت‌به‌کارت یا نقدی که خودتان انجام داده‌اید)"),
      h(DS.FormMessage, null, errors.method ?? null),
    ),
    method === "manual"
      ? h(
          DS.Box,
          null,
          h(
            DS.FormGroup,
            { error: Boolean(errors.amount) },
            h(DS.Label, { htmlFor: "amount" }, "مبلغ بازگردانده‌شده (تومان)"),
            h(DS.Input, {
              id: "amount",
              name: "amount",
              dir: "ltr",
              inputMode: "numeric",
              placeholder: toman(facts.paidAmount),
              value: amount,
              onChange: (event: unknown) => setAmount(valueOf(event)),
              className: "mall-money-input",
            }),
            h(DS.FormMessage, null, errors.amount ?? (rials !== null ? toman(rials) : null)),
          ),
          h(
            DS.FormGroup,
            { error: Boolean(errors.reference) },
            h(DS.Label, { htmlFor: "reference" }, "شمارهٔ پیگیری واریز"),
            h(DS.Input, {
              id: "reference",
              name: "reference",
              dir: "ltr",
              value: reference,
              onChange: (event: unknown) => setReference(valueOf(event)),
              autoComplete: "off",
            }),
            h(DS.FormMessage, null, errors.reference ?? null),
          ),
        )
      : null,
    h(
      DS.FormGroup,
      null,
      h(
        "label",
        { className: "mall-option", htmlFor: "restock" },
        h("input", {
          type: "checkbox",
          id: "restock",
          name: "restock",
          checked: restock,
          onChange: (event: unknown) => setRestock(checkedOf(event)),
        }),
        facts.shipped ? "کالاها برگشته‌اند؛ به موجودی اضافه شوند" : "کالاها به موجودی برگردند",
      ),
    ),
    h(
      DS.FormGroup,
      { error: Boolean(errors.note) },
      h(DS.Label, { htmlFor: "note" }, "توضیح (در تاریخچهٔ سفارش و پیامک خریدار می‌آید)"),
      h("textarea", {
        id: "note",
        name: "note",
        rows: 3,
        value: note,
        onChange: (event: unknown) => setNote(valueOf(event)),
        className: "mall-textarea",
      }),
      h(DS.FormMessage, null, errors.note ?? null),
    ),
    errors.form || errors.orderId || errors.confirmed
      ? h(DS.MessageBox, { variant: "danger", mb: "xl", message: errors.form ?? errors.orderId ?? errors.confirmed })
      : null,
    h(DS.Button, { variant: "danger", type: "submit", disabled: busy }, "ادامه"),
  ) as React.ReactElement;
};

export default OrderRefund;
