import { useTranslation, type BasePropertyProps, type EditPropertyProps } from "adminjs";
import type React from "react";
import { GATEWAY_CREDENTIAL_FIELDS } from "@mall/server/payments/gateway-credential-fields.js";
import type { GatewayName } from "@mall/locale";
import { DS, h, placed, valueOf } from "./ui.js";

const fieldsOf = (gateway: unknown) => GATEWAY_CREDENTIAL_FIELDS[String(gateway ?? "") as GatewayName] ?? [];
const hintOf = (params: Record<string, unknown>, name: string) => String(params[`hints.${name}`] ?? "");

/**
 * A gateway's credentials. On the list and show pages: each field's label
 * and hint («****05be»), never the value (the server never sends it). In
 * the form: one password input per field of the chosen gateway, empty,
 * with the stored hint as placeholder; a field left empty keeps its value.
 */
const GatewayCredentials: React.FC<BasePropertyProps> = (props) => {
  const { property, record, resource, where } = props;
  const { translateProperty, translateMessage } = useTranslation();
  const params = (record?.params ?? {}) as Record<string, unknown>;
  const fields = fieldsOf(params.gateway);
  const label = translateProperty(property.label, resource.id);

  if (where !== "edit") {
    const hints = fields.map((field) =>
      h(
        "span",
        { key: field.name, className: "mall-hint" },
        `${field.label}: `,
        h("bdi", { dir: "ltr" }, hintOf(params, field.name) || "—"),
      ),
    );
    const content = h("span", { className: "mall-hints" }, ...hints);
    return placed(where, label, content) as React.ReactElement;
  }

  const { onChange } = props as EditPropertyProps;
  const configured = Boolean(record?.id);
  if (fields.length === 0)
    return h(DS.FormGroup, null, h(DS.Label, null, label), h(DS.Text, null, "نخست درگاه را انتخاب کنید.")) as React.ReactElement;
  return h(
    DS.Box,
    { className: "mall-credentials" },
    h(
      DS.Text,
      { mb: "lg" },
      configured
        ? "مقدارهای ذخیره‌شده نمایش داده نمی‌شوند (در هر خانه فقط چهار نویسهٔ آخرشان)؛ فقط فیلدی را پر کنید که می‌خواهید عوض شود."
        : "اطلاعات پذیرندگی را همان‌طور که بانک یا زرین‌پال داده است وارد کنید.",
    ),
    ...fields.map((field) => {
      const path = `credentials.${field.name}`;
      const error = record?.errors?.[path];
      const hint = hintOf(params, field.name);
      return h(
        DS.FormGroup,
        { key: field.name, error: Boolean(error) },
        h(DS.Label, { htmlFor: path, required: !configured }, field.label),
        h(DS.Input, {
          id: path,
          name: path,
          type: "password",
          dir: "ltr",
          autoComplete: "new-password",
          // The hint alone, isolated left-to-right (LRI…PDI) whatever direction the input ends up with: «****05be», never «05be****».
          placeholder: hint ? `\u2066${hint}\u2069` : "",
          value: String(params[path] ?? ""),
          onChange: (event: unknown) => onChange(path, valueOf(event)),
          width: 1,
        }),
        h(DS.FormMessage, null, error ? translateMessage(error.message, resource.id) : null),
      );
    }),
  ) as React.ReactElement;
};

export default GatewayCredentials;
