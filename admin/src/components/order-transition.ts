import { useActionResponseHandler, useTranslation, type ActionProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import { recordAction } from "./action-call.js";
import { DS, h, prevent, valueOf } from "./ui.js";

interface Needs {
  reason: boolean;
  trackingCode: boolean;
  trackingRequired: boolean;
}

/** Moves an order one step: asks for a tracking code (ship) or a reason (cancel, refund), then posts. */
const OrderTransition: React.FC<ActionProps> = ({ action, record, resource }) => {
  const handle = useActionResponseHandler();
  const { translateMessage, translateAction } = useTranslation();
  const [needs, setNeeds] = useState<Needs | null>(null);
  const [reason, setReason] = useState("");
  const [trackingCode, setTrackingCode] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const recordId = String(record?.id ?? "");

  useEffect(() => {
    recordAction(resource.id, recordId, action.name).then(({ data }) =>
      setNeeds((data.needs as Needs) ?? { reason: false, trackingCode: false, trackingRequired: false }),
    );
  }, [recordId, action.name]);

  const submit = async (event: unknown) => {
    prevent(event);
    setBusy(true);
    const response = await recordAction(resource.id, recordId, action.name, { reason, trackingCode });
    setBusy(false);
    const found = response.data.record?.errors ?? {};
    const messages = Object.fromEntries(
      Object.entries(found).map(([field, error]) => [field, translateMessage(error.message, resource.id)]),
    );
    const notice = response.data.notice;
    if (notice?.type === "error" && Object.keys(messages).length === 0) messages.form = translateMessage(notice.message, resource.id);
    setErrors(messages);
    handle(response as never);
  };

  if (!needs) return h(DS.Loader, null);
  const question = translateMessage(`confirm${action.name.charAt(0).toUpperCase()}${action.name.slice(1)}`, resource.id);
  return h(
    DS.Box,
    { as: "form", onSubmit: submit, p: "xl", bg: "white", className: "mall-transition" },
    h(DS.Text, { mb: "xl" }, question),
    needs.trackingCode
      ? h(
          DS.FormGroup,
          { error: Boolean(errors.trackingCode) },
          h(DS.Label, { htmlFor: "trackingCode", required: needs.trackingRequired }, "کد رهگیری مرسوله"),
          h(DS.Input, {
            id: "trackingCode",
            name: "trackingCode",
            dir: "ltr",
            value: trackingCode,
            onChange: (event: unknown) => setTrackingCode(valueOf(event)),
            autoComplete: "off",
          }),
          h(DS.FormMessage, null, errors.trackingCode ?? null),
        )
      : null,
    needs.reason || errors.reason
      ? h(
          DS.FormGroup,
          { error: Boolean(errors.reason) },
          h(DS.Label, { htmlFor: "reason", required: needs.reason }, "دلیل"),
          h("textarea", {
            id: "reason",
            name: "reason",
            rows: 3,
            value: reason,
            onChange: (event: unknown) => setReason(valueOf(event)),
            className: "mall-textarea",
          }),
          h(DS.FormMessage, null, errors.reason ?? null),
        )
      : null,
    errors.to || errors.form ? h(DS.MessageBox, { variant: "danger", mb: "xl", message: errors.to ?? errors.form }) : null,
    h(
      DS.Button,
      { variant: action.variant === "danger" ? "danger" : "contained", type: "submit", disabled: busy },
      translateAction(action.name, resource.id),
    ),
  );
};

export default OrderTransition;
