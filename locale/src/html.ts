const HTML_ENTITIES: Readonly<Record<string, string>> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

/**
 * The one escaper of text placed into HTML or XML: element content or a
 * quoted attribute value (invoices, payment pages, Telegram's HTML captions
 * and messages, the store sites' sitemap).
 */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ENTITIES[c]!);
}
