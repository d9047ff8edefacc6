import type { APIRoute } from "astro";
import { loadSnapshot } from "../lib/snapshot.ts";

export const GET: APIRoute = () => {
  const { store } = loadSnapshot();
  const body = ["User-agent: *", "Disallow: /cart/", "Disallow: /checkout/", "Disallow: /order/", "Disallow: /api/", `Sitemap: ${new URL("/sitemap.xml", store.origin)}`, ""].join("\n");
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
};
