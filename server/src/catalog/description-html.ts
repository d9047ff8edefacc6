import sanitizeHtml from "sanitize-html";

/**
 * What a product description may hold once saved: a few text tags, and links
 * to web, mail and phone addresses only. Everything else a merchant pastes
 * (scripts, event handlers, styles, iframes, images with `onerror`) is
 * dropped, keeping its text, so the store site can show the description as
 * HTML without running anything.
 */
const OPTIONS: sanitizeHtml.IOptions = {
  allowedTags: ["p", "br", "strong", "em", "ul", "ol", "li", "a", "h2", "h3"],
  allowedAttributes: { a: ["href"] },
  allowedSchemes: ["http", "https", "mailto", "tel"],
  allowedSchemesAppliedToAttributes: ["href"],
  allowProtocolRelative: false,
  disallowedTagsMode: "discard",
  // The editor writes <b>/<i> and headings of every level; keep their meaning within the allow-list.
  transformTags: {
    b: "strong",
    i: "em",
    h1: "h2",
    h4: "h3",
    h5: "h3",
    h6: "h3",
  },
  nonTextTags: ["script", "style", "textarea", "option", "noscript", "iframe", "object", "embed", "template"],
};

export function sanitizeDescription(html: string): string {
  return sanitizeHtml(html, OPTIONS).trim();
}
