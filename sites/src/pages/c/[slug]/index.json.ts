import type { APIRoute } from "astro";
import { INDEX_LIMIT, type CategoryIndex } from "../../../lib/browse.ts";
import { categoryIndex, productsInCategory } from "../../../lib/catalog.ts";
import { onlySelected } from "../../../lib/only.ts";
import { loadSnapshot, type SnapshotCategory } from "../../../lib/snapshot.ts";

/** The category's browsing index (lib/browse.ts), for categories small enough to filter in the browser. */
export function getStaticPaths() {
  const snapshot = loadSnapshot();
  const paths = snapshot.categories
    .filter((category) => productsInCategory(snapshot, category).length <= INDEX_LIMIT)
    .map((category) => ({ params: { slug: category.slug }, props: { category } }));
  return onlySelected(paths, (path) => `/c/${path.props.category.slug}/index.json`);
}

export const GET: APIRoute = ({ props }) => {
  const index: CategoryIndex = categoryIndex(loadSnapshot(), (props as { category: SnapshotCategory }).category);
  return new Response(JSON.stringify(index), { headers: { "content-type": "application/json" } });
};
