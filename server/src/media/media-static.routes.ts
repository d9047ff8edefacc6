import { join } from "node:path";
import express, { type RequestHandler } from "express";
import { LocalStorage } from "./local-storage.js";
import { IMMUTABLE_CACHE_CONTROL, type MediaStorage } from "./storage.js";

/**
 * Serves the local driver's `public/` folder at /media/public: variants,
 * posters and videos, never originals of images (they live in `private/`).
 * Names carry the content hash, so every answer may be cached for a year.
 * express.static (send) refuses paths that climb out of the folder, answers
 * Range requests (video seeking) and sets the type from the extension;
 * dot-files are refused. S3 storage is served by the store (or a CDN) itself.
 */
export function mediaStatic(storage: MediaStorage): RequestHandler | undefined {
  if (!(storage instanceof LocalStorage)) return undefined;
  return express.static(join(storage.root, "public"), {
    dotfiles: "deny",
    index: false,
    redirect: false,
    fallthrough: true,
    immutable: true,
    maxAge: "365d",
    setHeaders: (res) => {
      res.setHeader("Cache-Control", IMMUTABLE_CACHE_CONTROL);
      res.setHeader("X-Content-Type-Options", "nosniff");
      // Media is for <img>/<video> on the stores' own hosts: let them embed it.
      res.setHeader("Cross-Origin-Resource-Policy", "cross-origin");
    },
  });
}
