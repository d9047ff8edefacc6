import type { APIRoute } from "astro";
import { emallsFeed, feedJson } from "../../lib/feeds.ts";
import { loadSnapshot } from "../../lib/snapshot.ts";

/** The store's product feed for Emalls (lib/feeds.ts says which fields and why). */
export const GET: APIRoute = () =>
  new Response(feedJson(emallsFeed(loadSnapshot())), { headers: { "content-type": "application/json; charset=utf-8" } });
