import { useActionResponseHandler, useTranslation, type ActionProps } from "adminjs";
import type React from "react";
import { useEffect, useState } from "react";
import { recordAction } from "./action-call.js";
import { DS, h, prevent, valueOf } from "./ui.js";

interface Target {
  id: string;
  nameFa: string;
  depth: number;
}

/** Moves a category, with everything below it, under another category of its store (or to the top). */
const MoveCategory: React.FC<ActionProps> = ({ record, resource }) => {
  const handle = useActionResponseHandler();
  const { translateMessage } = useTranslation();
  const [targets, setTargets] = useState<Target[] | null>(null);
  const [parentId, setParentId] = useState(String(record?.params.parentId ?? ""));
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const recordId = String(record?.id ?? "");

  useEffect(() => {
    recordAction(resource.id, recordId, "move").then(({ data }) => setTargets((data.targets as Target[]) ?? []));
  }, [recordId]);

  const submit = async (event: unknown) => {
    prevent(event);
    setBusy(true);
    const response = await recordAction(resource.id, recordId, "move", { parentId });
    setBusy(false);
    const notice = response.data.notice;
    setError(notice?.type === "error" ? translateMessage(notice.message, resource.id) : null);
    handle(response as never);
  };

  if (!targets) return h(DS.Loader, null);
  return h(
    DS.Box,
    { as: "form", onSubmit: submit, p: "xl", bg: "white" },
    h(DS.Text, { mb: "lg" }, `«${String(record?.params.nameFa ?? "")}» و همهٔ زیردسته‌هایش به زیر دستهٔ انتخابی می‌روند.`),
    h(
      DS.FormGroup,
      { error: Boolean(error) },
      h(DS.Label, { htmlFor: "parentId" }, "دستهٔ والد تازه"),
      h(
        "select",
        {
          id: "parentId",
          name: "parentId",
          value: parentId,
          onChange: (event: unknown) => setParentId(valueOf(event)),
          className: "mall-select",
        },
        h("option", { value: "" }, "— دستهٔ اصلی (بدون والد) —"),
        ...targets.map((target) =>
          h(
            "option",
            { key: target.id, value: target.id },
            `${"\u00a0\u00a0\u00a0".repeat(target.depth)}${target.depth > 0 ? "┘ " : ""}${target.nameFa}`,
          ),
        ),
      ),
      h(DS.FormMessage, null, error),
    ),
    h(DS.Button, { variant: "contained", type: "submit", disabled: busy }, "جابه‌جا کن"),
  );
};

export default MoveCategory;
