import type { APIRoute } from "astro";
import { loadLandingSnapshot } from "../landing-snapshot.ts";

export const GET: APIRoute = () => {
  const { platform } = loadLandingSnapshot();
  const body = ["User-agent: *", "Disallow: /api/", "Disallow: /admin/", `Sitemap: ${new URL("/sitemap.xml", platform.origin)}`, ""].join(
    "\n",
  );
  return new Response(body, { headers: { "content-type": "text/plain; charset=utf-8" } });
};
