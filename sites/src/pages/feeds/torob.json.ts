import type { APIRoute } from "astro";
import { feedJson, torobFeed } from "../../lib/feeds.ts";
import { loadSnapshot } from "../../lib/snapshot.ts";

/** The store's product feed for Torob (lib/feeds.ts says which fields and why). */
export const GET: APIRoute = () =>
  new Response(feedJson(torobFeed(loadSnapshot())), { headers: { "content-type": "application/json; charset=utf-8" } });
