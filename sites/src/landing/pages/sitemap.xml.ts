import type { APIRoute } from "astro";
import { loadLandingSnapshot } from "../landing-snapshot.ts";

export const GET: APIRoute = () => {
  const { platform } = loadLandingSnapshot();
  const body = `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>${new URL("/", platform.origin)}</loc></url></urlset>\n`;
  return new Response(body, { headers: { "content-type": "application/xml; charset=utf-8" } });
};
