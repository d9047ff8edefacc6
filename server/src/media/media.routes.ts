import type { Request } from "express";
import { getProduct } from "../catalog/product.service.js";
import { inTransaction, readContext } from "../http/request-context.js";
import { defineRoute, type AnyRouteSpec } from "../http/route.js";
import { authorize } from "../identity/authorization.js";
import type { ServiceContext } from "../core/context.js";
import type { Platform } from "../platform/platform.js";
import type { MediaStorage } from "./storage.js";
import { createScanner, type VirusScanner } from "./clamd.js";
import { acceptUpload, type IntakeDeps, type UploadRequest } from "./media-intake.js";
import { presentGallery, presentMedia } from "./media.presenters.js";
import {
  deletedSchema,
  mediaListSchema,
  mediaParams,
  mediaSchema,
  productMediaParams,
  storeParams,
  uploadBodySchema,
} from "./media.schemas.js";
import { deleteMedia, deleteProductMedia, getMedia, listProductMedia } from "./media.service.js";

/**
 * The merchant's media routes. Everyone here is a member of the store (owner
 * or manager) or staff: `authorize(…, "store.manage")` decides, and another
 * store, or another store's product, answers 404 as a missing one does.
 * Authorisation and the product lookup happen before a byte of the upload is
 * read.
 */
export function mediaRoutes(platform: Platform & { mediaStorage: MediaStorage }, options: { scanner?: VirusScanner } = {}): AnyRouteSpec[] {
  const { dataSource, mediaStorage: storage } = platform;
  const deps: IntakeDeps = {
    dataSource,
    storage,
    scanner: options.scanner ?? createScanner(platform.config),
    logger: platform.logger,
    config: platform.config,
  };
  const upload = (req: Request): UploadRequest => ({
    body: req,
    logger: req.log,
    transaction: (work) => inTransaction(req, dataSource, work),
  });
  const uploadErrors = [403 as const, 404 as const, 413 as const, 415 as const, 422 as const, 503 as const];

  /** Checks the caller may manage the store (and owns the product) while the upload waits unread. */
  async function allowed(req: Request, storeId: string, productId?: string): Promise<ServiceContext> {
    const ctx = readContext(req, dataSource);
    await authorize(ctx, "catalog:write", { storeId });
    if (productId) await getProduct(ctx, storeId, productId);
    return ctx;
  }

  return [
    defineRoute({
      method: "post",
      path: "/stores/:storeId/products/:productId/media",
      summary:
        "Upload a product image (JPEG, PNG, WebP, AVIF) or video (MP4, WebM) as multipart field `file`; variants follow from the media job",
      tags: ["media"],
      auth: true,
      params: productMediaParams,
      multipart: uploadBodySchema,
      response: mediaSchema,
      status: 201,
      errors: uploadErrors,
      handler: async ({ params }, req) => {
        await allowed(req, params.storeId, params.productId);
        const media = await acceptUpload(upload(req), deps, { storeId: params.storeId, productId: params.productId, kind: "image" }, [
          "image",
          "video",
        ]);
        return presentMedia(media, storage);
      },
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/products/:productId/media",
      summary: "A product's images and videos in gallery order, with variant widths for `srcset`",
      tags: ["media"],
      auth: true,
      params: productMediaParams,
      response: mediaListSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        const ctx = await allowed(req, params.storeId, params.productId);
        return { items: presentGallery(await listProductMedia(ctx, params.storeId, params.productId), storage) };
      },
    }),
    defineRoute({
      method: "delete",
      path: "/stores/:storeId/products/:productId/media",
      summary: "Delete all of a product's images and videos; their files are removed by the media job",
      tags: ["media"],
      auth: true,
      params: productMediaParams,
      response: deletedSchema,
      status: 202,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        await allowed(req, params.storeId, params.productId);
        return {
          deleted: await inTransaction(req, dataSource, (ctx) => deleteProductMedia(ctx, storage, params.storeId, params.productId)),
        };
      },
    }),
    defineRoute({
      method: "post",
      path: "/stores/:storeId/logo",
      summary: "Upload the store's logo (an image, multipart field `file`); it replaces the previous one",
      tags: ["media"],
      auth: true,
      params: storeParams,
      multipart: uploadBodySchema,
      response: mediaSchema,
      status: 201,
      errors: uploadErrors,
      // The intake asks who may (the store's settings, not its catalog).
      handler: async ({ params }, req) =>
        presentMedia(await acceptUpload(upload(req), deps, { storeId: params.storeId, productId: null, kind: "logo" }, ["image"]), storage),
    }),
    defineRoute({
      method: "get",
      path: "/stores/:storeId/media/:mediaId",
      summary: "One image, video or logo (poll it for `status: ready`)",
      tags: ["media"],
      auth: true,
      params: mediaParams,
      response: mediaSchema,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        const ctx = await allowed(req, params.storeId);
        return presentMedia(await getMedia(ctx, params.storeId, params.mediaId), storage);
      },
    }),
    defineRoute({
      method: "delete",
      path: "/stores/:storeId/media/:mediaId",
      summary: "Delete an image, video or logo; its files are removed by the media job",
      tags: ["media"],
      auth: true,
      params: mediaParams,
      response: deletedSchema,
      status: 202,
      errors: [403, 404],
      handler: async ({ params }, req) => {
        await allowed(req, params.storeId);
        await inTransaction(req, dataSource, (ctx) => deleteMedia(ctx, storage, params.storeId, params.mediaId));
        return { deleted: 1 };
      },
    }),
  ];
}
