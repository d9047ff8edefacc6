/**
 * Puts the page's CSP nonce on the script tags AdminJS's page templates
 * write, and on no other. AdminJS writes each of its `<script` tags at the
 * start of a line (layout-template.js, login-template.js); everything else
 * in the page that could carry a person's text is JSON inside the first
 * inline script (`window.REDUX_STATE = {…}`), and JSON.stringify never
 * writes a raw line break. So a `<script` that does not begin a line is not
 * AdminJS's (a `</script><script>…` smuggled in through a name, say) and
 * stays without the nonce: the browser refuses to run it.
 */
export function stampScriptNonces(html: string, nonce: string): string {
  return html.replace(/(\n[ \t]*)<script(?=[\s>])/g, (_tag, lineStart: string) => `${lineStart}<script nonce="${nonce}"`);
}
