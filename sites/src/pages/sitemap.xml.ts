import type { APIRoute } from "astro";
import { categoryUrl, paginate, productsInCategory, productUrl } from "../lib/catalog.ts";
import { facetPages, facetUrl } from "../lib/facets.ts";
import { loadSnapshot } from "../lib/snapshot.ts";
import { escapeHtml } from "@mall/locale";

export const GET: APIRoute = () => {
  const snapshot = loadSnapshot();
  const paths = ["/"];
  for (const category of snapshot.categories) {
    const pages = paginate(productsInCategory(snapshot, category));
    pages.forEach((_, i) => paths.push(categoryUrl(category, i + 1)));
  }
  for (const facet of facetPages(snapshot)) paths.push(facetUrl(facet));
  for (const product of snapshot.products) paths.push(productUrl(product));
  for (const page of snapshot.pages) paths.push(`/pages/${page.slug}/`);
  const urls = paths.map((path) => `  <url><loc>${escapeHtml(new URL(path, snapshot.store.origin).toString())}</loc></url>`).join("\n");
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${urls}\n</urlset>\n`;
  return new Response(body, { headers: { "content-type": "application/xml; charset=utf-8" } });
};
