/** Descriptions are cleaned by the catalog (one place for every surface); the back office uses the same function for its previews and tests. */
export { sanitizeDescription } from "@mall/server/catalog/description-html.js";
