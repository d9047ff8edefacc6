import type { Config } from "../config/config.js";
import type { z } from "../platform/zod.js";
import type { StoreRequest } from "./store-request.entity.js";
import type { storeRequestSchema } from "./store-request.schemas.js";
import { storeOrigin } from "./store-origin.js";

/** A request as its owner sees it; the store's address once approved (the store relation loaded). */
export function presentStoreRequest(
  request: StoreRequest,
  config: Pick<Config, "PUBLIC_URL" | "PLATFORM_DOMAIN">,
): z.input<typeof storeRequestSchema> {
  return {
    id: request.id,
    storeName: request.storeName,
    slug: request.slug,
    description: request.description,
    status: request.status,
    reason: request.reason,
    createdAt: request.createdAt.toISOString(),
    decidedAt: request.decidedAt?.toISOString() ?? null,
    storeOrigin: request.store ? storeOrigin(config, request.store) : null,
  };
}
