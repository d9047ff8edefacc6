import type { APIRoute } from "astro";
import { loadSnapshot } from "../lib/snapshot.ts";

/**
 * The redirect table of this build: old addresses of renamed products and
 * categories and where they are now. The server (site-static.routes.ts)
 * answers a missing path found here with a 301; nginx passes every missing
 * path to the server, so it answers the same behind nginx.
 */
export const GET: APIRoute = () =>
  new Response(JSON.stringify(loadSnapshot().redirects), { headers: { "content-type": "application/json" } });
