import type React from "react";
import { DS, h } from "./ui.js";

/**
 * The parts the «کانال تلگرام» and «اینستاگرام» pages share: the publishing
 * state of the store's channel or account, and the one-more-question box
 * before a change that cannot be undone. Test ids are the page's own
 * (`telegram-…`, `instagram-…`).
 */

/** «وضعیت انتشار»: connected or paused (and why), who and since when, then the page's figures and anything it adds below them. */
export function publishingStatus(options: {
  prefix: "telegram" | "instagram";
  pausedBecause: string | null;
  /** What follows the state: the channel or account and since when it is connected. */
  subject: React.ReactNode[];
  figures: Array<{ label: string; value: React.ReactNode; testId?: string }>;
  children?: React.ReactNode[];
}): React.ReactElement {
  const { prefix, pausedBecause } = options;
  return h(
    "section",
    { className: "mall-section", "data-testid": `${prefix}-status`, "aria-labelledby": `${prefix}-status-title` },
    h(DS.H5, { id: `${prefix}-status-title`, mb: "md" }, "وضعیت انتشار"),
    h(
      DS.Text,
      { mb: "md" },
      h(
        "span",
        { className: pausedBecause ? "mall-state mall-state--danger" : "mall-state mall-state--success", "data-testid": `${prefix}-state` },
        pausedBecause ? "متوقف" : "وصل است",
      ),
      ...options.subject,
    ),
    pausedBecause
      ? h(DS.MessageBox, { variant: "danger", mb: "lg", message: `چرا متوقف است: ${pausedBecause}`, "data-testid": `${prefix}-paused` })
      : null,
    h(
      "dl",
      { className: "mall-social__figures" },
      ...options.figures.flatMap((figure) => [
        h("dt", { key: `${figure.label}-term` }, figure.label),
        h("dd", { key: `${figure.label}-value`, "data-testid": figure.testId }, figure.value),
      ]),
    ),
    ...(options.children ?? []),
  ) as React.ReactElement;
}

/** Asked once more before it is done: the question, «yes» (what it does) and «انصراف». */
export function confirmation(options: {
  testId: string;
  question: string;
  yes: string;
  variant: "danger" | "primary";
  busy: boolean;
  onYes: () => void;
  onCancel: () => void;
}): React.ReactElement {
  return h(
    DS.Box,
    { "data-testid": options.testId },
    h(DS.Text, { mb: "md" }, options.question),
    h(DS.Button, { variant: options.variant, type: "button", onClick: options.onYes, disabled: options.busy }, options.yes),
    h(DS.Button, { variant: "outlined", type: "button", onClick: options.onCancel }, "انصراف"),
  ) as React.ReactElement;
}
