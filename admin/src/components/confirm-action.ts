import { useActionResponseHandler, useTranslation, type ActionProps } from "adminjs";
import type React from "react";
import { useState } from "react";
import { recordAction } from "./action-call.js";
import { DS, h } from "./ui.js";

/** A record action that changes something only when its button posts (suspend, resume). */
const ConfirmAction: React.FC<ActionProps> = ({ action, record, resource }) => {
  const handle = useActionResponseHandler();
  const { translateMessage, translateAction } = useTranslation();
  const [busy, setBusy] = useState(false);
  const question = `confirm${action.name.charAt(0).toUpperCase()}${action.name.slice(1)}`;

  const confirm = async () => {
    setBusy(true);
    const response = await recordAction(resource.id, String(record?.id ?? ""), action.name, { confirmed: "true" });
    setBusy(false);
    handle(response as never);
  };

  return h(
    DS.Box,
    { p: "xl", bg: "white" },
    h(DS.Text, { mb: "xl" }, translateMessage(question, resource.id)),
    h(
      DS.Button,
      { variant: action.variant === "danger" ? "danger" : "contained", onClick: confirm, disabled: busy },
      translateAction(action.name, resource.id),
    ),
  );
};

export default ConfirmAction;
