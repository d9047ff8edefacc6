/**
 * JSON for a `<script type="application/ld+json">` element. JSON.stringify
 * leaves `<`, `>` and `&` as they are, so a product named
 * `</script><img src=x onerror=…>` would end the element and put markup in
 * the page; escaped as \u003c… they are the same JSON to every reader.
 * U+2028/U+2029 are escaped too (line terminators to older JavaScript parsers).
 */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value)
    .replace(/</g, "\\u003c")
    .replace(/>/g, "\\u003e")
    .replace(/&/g, "\\u0026")
    .replace(/\u2028/g, "\\u2028")
    .replace(/\u2029/g, "\\u2029");
}
