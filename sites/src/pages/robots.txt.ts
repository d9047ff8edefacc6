import type { APIRoute } from "astro";
import { EMALLS_FEED_PATH, TOROB_FEED_PATH } from "../lib/feeds.ts";
import { loadSnapshot } from "../lib/snapshot.ts";

export const GET: APIRoute = () => {
  const { store } = loadSnapshot();
  // robots.txt has no field for product feeds; comments name them for the people who register the store at Torob and Emalls.
  const body = [
    "User-agent: *",
    "Disallow: /cart/",
    "Disallow: /checkout/",
    "Disallow: /order/",
    "Disallow: /api/",
    "Allow: /feeds/",
    `Sitemap: ${new URL("/sitemap.xml", store.origin)}`,
    `# Torob product feed: ${new URL(TOROB_FEED_PATH, store.origin)}`,
    `# Emalls product feed: ${new URL(EMALLS_FEED_PATH, store.origin)}`,
    "",
  ].join("\n");
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
};
