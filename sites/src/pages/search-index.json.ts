import type { APIRoute } from "astro";
import { displayPrice, newestFirst } from "../lib/catalog.ts";
import { searchKey } from "@mall/locale";
import { loadSnapshot } from "../lib/snapshot.ts";

/** What the search island filters: every product's names, normalised like the server's search. */
export const GET: APIRoute = () => {
  const snapshot = loadSnapshot();
  const entries = [...snapshot.products].sort(newestFirst).map((p) => ({
    slug: p.slug,
    name: p.nameFa,
    key: `${searchKey(p.nameFa)}|${searchKey(p.name ?? "")}`,
    price: displayPrice(p),
    image: p.images[0]?.variants.find((v) => v.format === "webp" && v.width === 320)?.url ?? p.images[0]?.url ?? null,
  }));
  return new Response(JSON.stringify(entries), { headers: { "content-type": "application/json" } });
};
