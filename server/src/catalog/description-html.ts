import { createRequire } from "node:module";
import type sanitizeHtml from "sanitize-html";

/**
 * sanitize-html (with htmlparser2 and postcss, some 8 MiB of a process's
 * memory) is loaded by the first description saved, not at start: most
 * requests never save one. It is CommonJS, so require() loads it in place.
 */
const require = createRequire(import.meta.url);
let sanitizer: typeof sanitizeHtml | undefined;

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
  sanitizer ??= require("sanitize-html") as typeof sanitizeHtml;
  return sanitizer(html, OPTIONS).trim();
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " " };

/**
 * A cleaned description as plain text, for places that can't show HTML
 * (Telegram captions, structured data, SMS): paragraphs and list items on
 * their own lines, list items bulleted, tags gone, entities decoded.
 */
export function descriptionText(html: string): string {
  return html
    .replace(/<br\s*\/?>/gi, "\n")
    .replace(/<li[^>]*>/gi, "\n• ")
    .replace(/<\/(p|h2|h3|li|ul|ol)>/gi, "\n")
    .replace(/<[^>]*>/g, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (entity, name: string) => {
      if (name.startsWith("#x") || name.startsWith("#X")) return String.fromCodePoint(parseInt(name.slice(2), 16));
      if (name.startsWith("#")) return String.fromCodePoint(Number(name.slice(1)));
      return ENTITIES[name.toLowerCase()] ?? entity;
    })
    .replace(/[ \t]+\n/g, "\n")
    .replace(/\n{2,}/g, "\n")
    .trim();
}
