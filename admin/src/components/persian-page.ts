/**
 * What AdminJS and the libraries under it write in English or leave
 * unnamed, made Persian and named for assistive technology, once for every
 * page (ui.ts, which every component imports, runs this as the components
 * bundle loads, before AdminJS draws the page):
 *
 * - react-select's «Select...», «No options» and «Loading...» (the design
 *   system's Select and SelectAsync pass their default props on to it), and
 *   the grey value badges' contrast;
 * - inputs without a name a screen reader can read (react-select's, the
 *   filter drawer's, the date pickers', the list's row checkboxes) get the
 *   label of the field they belong to, and icon-only buttons and links a
 *   Persian name. AdminJS draws its pages itself, so this follows the DOM.
 */

interface Element {
  tagName: string;
  textContent: string | null;
  getAttribute(name: string): string | null;
  setAttribute(name: string, value: string): void;
  hasAttribute(name: string): boolean;
  closest(selector: string): Element | null;
  querySelector(selector: string): Element | null;
  querySelectorAll(selector: string): ArrayLike<Element>;
  parentElement: Element | null;
}
interface Document {
  documentElement: Element;
  querySelectorAll(selector: string): ArrayLike<Element>;
  getElementById(id: string): Element | null;
}
interface Observer {
  observe(target: Element, options: Record<string, boolean>): void;
}
const page = globalThis as unknown as {
  document?: Document;
  MutationObserver?: new (callback: () => void) => Observer;
  requestAnimationFrame?: (callback: () => void) => number;
};

const SELECT_DEFAULTS = {
  placeholder: "انتخاب کنید…",
  noOptionsMessage: () => "گزینه‌ای نیست",
  loadingMessage: () => "در حال جست‌وجو…",
};

type WithDefaults = { defaultProps?: Record<string, unknown> } | undefined;

function persianDefaults(): void {
  const DS = ((globalThis as unknown as { AdminJSDesignSystem?: Record<string, WithDefaults> }).AdminJSDesignSystem ?? {}) as Record<
    string,
    WithDefaults
  >;
  for (const select of [DS.Select, DS.SelectAsync]) if (select?.defaultProps) Object.assign(select.defaultProps, SELECT_DEFAULTS);
  // A value badge without a variant (a role, a kind, a surface) is white on light grey (1.8:1): dark on light instead. Variants keep their colours.
  if (DS.Badge?.defaultProps) Object.assign(DS.Badge.defaultProps, { bg: "grey20", color: "grey100" });
}

const text = (element: Element | null | undefined) => (element?.textContent ?? "").replace(/\s+/g, " ").trim();

/** The label of the field an input sits in: its form group's label, or the filter's. */
function fieldLabel(input: Element): string {
  const group = input.closest('[class*="FormGroup"], section[data-css*="filter"], section, [data-testid^="property-"]');
  return text(group?.querySelector("label")) || text(group?.querySelector('[class*="Label"]'));
}

function hasName(element: Element, document: Document): boolean {
  if (element.getAttribute("aria-label") || element.getAttribute("aria-labelledby")) return true;
  const id = element.getAttribute("id");
  if (id && document.querySelectorAll(`label[for="${id}"]`).length > 0) return true;
  return Boolean(element.closest("label"));
}

function nameElements(document: Document): void {
  for (const input of Array.from(document.querySelectorAll("input:not([type=hidden]), textarea, select"))) {
    if (hasName(input, document)) continue;
    if (input.getAttribute("type") === "checkbox" && input.closest("table")) {
      input.setAttribute("aria-label", input.closest("thead") ? "انتخاب همهٔ ردیف‌ها" : "انتخاب این ردیف");
      continue;
    }
    const label = fieldLabel(input);
    input.setAttribute("aria-label", label || "مقدار");
  }
  for (const button of Array.from(document.querySelectorAll("button, a[href]"))) {
    if (text(button) || button.getAttribute("aria-label") || button.getAttribute("title")) continue;
    const icon = button.querySelector("svg");
    const kind = icon?.getAttribute("class") ?? "";
    const name = /x\b|close/i.test(kind)
      ? "بستن"
      : /more|dots/i.test(kind)
        ? "کارهای بیشتر"
        : /filter/i.test(kind)
          ? "فیلتر"
          : /menu/i.test(kind)
            ? "منو"
            : "پیوند";
    button.setAttribute("aria-label", name);
  }
}

function namedPage(): void {
  const document = page.document;
  if (!document || !page.MutationObserver) return;
  let pending = false;
  const run = () => {
    pending = false;
    nameElements(document);
  };
  new page.MutationObserver(() => {
    if (pending) return;
    pending = true;
    (page.requestAnimationFrame ?? ((callback: () => void) => setTimeout(callback, 16)))(run);
  }).observe(document.documentElement, { childList: true, subtree: true });
}

persianDefaults();
namedPage();
