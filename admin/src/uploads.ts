import { getProductIn } from "@mall/server/catalog/product.service.js";
import { UUID_PATTERN } from "@mall/server/core/ids.js";
import { ForbiddenError } from "@mall/server/core/errors.js";
import { authorize } from "@mall/server/identity/authorization.js";
import { createScanner, type VirusScanner } from "@mall/server/media/clamd.js";
import { acceptUpload, type IntakeDeps, type UploadRequest } from "@mall/server/media/media-intake.js";
import { presentMedia } from "@mall/server/media/media.presenters.js";
import { MediaNotFoundError } from "@mall/server/media/media.errors.js";
import { getMedia } from "@mall/server/media/media.service.js";
import type { AdminPlatform } from "./admin-platform.js";
import { StoreNotFoundError } from "@mall/server/tenancy/tenancy.errors.js";
import { getStore } from "@mall/server/tenancy/tenancy.service.js";
import { Router, type Request } from "express";
import { reachesStore, type Access, type AccessCache } from "./access.js";

/**
 * Uploads from the back office: a product's images, the store's logo and its
 * home banners' pictures (with a look at a banner picture's processing).
 * They stream straight into the media service's intake (type read from the
 * bytes, size limits, virus scan, variants by the media job), so they are
 * mounted before AdminJS's own form parser, which would otherwise buffer the
 * file to disk first. Scoped like everything else: the product or store must
 * be one of the person's (else "not found"), and the authorisation helper
 * must agree, before a byte of the file is read.
 */
export function uploadRoutes(platform: AdminPlatform, accessCache: AccessCache, options: { scanner?: VirusScanner } = {}): Router {
  const { dataSource, mediaStorage: storage } = platform;
  const deps: IntakeDeps = {
    dataSource,
    storage,
    scanner: options.scanner ?? createScanner(platform.config),
    logger: platform.logger,
    config: platform.config,
  };
  // The upload's rows are written as the person uploading (accessOf sets req.actor), in one transaction each.
  const upload = (req: Request): UploadRequest => ({
    body: req,
    logger: req.log,
    transaction: (work) =>
      dataSource.transaction((manager) => work({ manager, actor: req.actor ?? { kind: "anonymous" }, requestId: String(req.id) })),
  });
  const router = Router();

  async function accessOf(req: Request): Promise<Access> {
    const access = await accessCache.of(req.session.adminUser);
    if (!access) throw new ForbiddenError();
    // The media service records who uploaded (an infected file's row names them).
    req.actor = access.actor;
    return access;
  }

  router.post("/uploads/products/:productId", async (req, res) => {
    const access = await accessOf(req);
    const productId = String(req.params.productId);
    const ctx = { manager: dataSource.manager, actor: access.actor };
    const product = await getProductIn(ctx, access.storeIds, productId);
    await authorize(ctx, "catalog:write", { storeId: product.storeId });
    const media = await acceptUpload(upload(req), deps, { storeId: product.storeId, productId: product.id, kind: "image" }, [
      "image",
      "video",
    ]);
    res.status(201).json(presentMedia(media, storage));
  });

  /**
   * The store whose settings the person may change, by the address's id;
   * another's (or none) is "not found" (staff reach every id, so the store
   * must exist), and one whose settings they may not change is 403.
   */
  async function settingsStore(req: Request) {
    const access = await accessOf(req);
    const storeId = String(req.params.storeId);
    if (!UUID_PATTERN.test(storeId) || !reachesStore(access, storeId)) throw new StoreNotFoundError();
    const ctx = { manager: dataSource.manager, actor: access.actor };
    await getStore(ctx, storeId);
    // The logo and the banners are the store's settings (the settings form saves them): who may change those may upload them.
    await authorize(ctx, "settings:write", { storeId });
    return { storeId, ctx };
  }

  router.post("/uploads/stores/:storeId/logo", async (req, res) => {
    const { storeId } = await settingsStore(req);
    const media = await acceptUpload(upload(req), deps, { storeId, productId: null, kind: "logo" }, ["image"]);
    res.status(201).json(presentMedia(media, storage));
  });

  // A home banner's picture: an image of the store's own, no product's; the settings form names it once it is ready.
  router.post("/uploads/stores/:storeId/banners", async (req, res) => {
    const { storeId } = await settingsStore(req);
    const media = await acceptUpload(upload(req), deps, { storeId, productId: null, kind: "image" }, ["image"]);
    res.status(201).json(presentMedia(media, storage));
  });

  // Where a banner's picture is (pending, ready with its widths, or failed and why): the form asks until it is done.
  router.get("/uploads/stores/:storeId/banners/:mediaId", async (req, res) => {
    const { storeId, ctx } = await settingsStore(req);
    const media = await getMedia(ctx, storeId, String(req.params.mediaId));
    // A product's picture or the logo is not a banner's.
    if (media.productId !== null || media.kind !== "image") throw new MediaNotFoundError();
    res.json(presentMedia(media, storage));
  });

  return router;
}
