import { useActionResponseHandler, useTranslation, type ActionProps } from "adminjs";
import type React from "react";
import { useState } from "react";
import { recordAction } from "./action-call.js";
import { DS, h, prevent, valueOf } from "./ui.js";

/** «رد درخواست»: the reason, texted to the owner as written, then the button that posts. */
const RejectRequest: React.FC<ActionProps> = ({ action, record, resource }) => {
  const handle = useActionResponseHandler();
  const { translateMessage } = useTranslation();
  const [reason, setReason] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    const response = await recordAction(resource.id, String(record?.id ?? ""), action.name, { reason });
    setBusy(false);
    const found = Object.values(response.data.record?.errors ?? {})[0];
    const notice = response.data.notice;
    if (found || notice?.type === "error")
      setError(translateMessage(found?.message ?? notice?.message ?? "thereWereValidationErrors", resource.id));
    handle(response as never);
  };

  return h(
    DS.Box,
    { as: "form", onSubmit: (event: unknown) => (prevent(event), void submit()), p: "xl", bg: "white", className: "mall-reject" },
    h(
      DS.Text,
      { mb: "lg" },
      `درخواست «${String(record?.params.storeName ?? "")}» رد می‌شود و دلیل آن همان‌طور که می‌نویسید برای درخواست‌دهنده پیامک می‌شود.`,
    ),
    h(
      DS.FormGroup,
      { error: Boolean(error) },
      h(DS.Label, { htmlFor: "reason", required: true }, "دلیل (برای درخواست‌دهنده)"),
      h("textarea", {
        id: "reason",
        name: "reason",
        rows: 3,
        value: reason,
        onChange: (event: unknown) => setReason(valueOf(event)),
        className: "mall-textarea",
      }),
      h(DS.FormMessage, null, error),
    ),
    h(DS.Button, { variant: "danger", type: "submit", disabled: busy }, "رد درخواست"),
  ) as React.ReactElement;
};

export default RejectRequest;
