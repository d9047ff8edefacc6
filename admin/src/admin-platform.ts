import type { MediaStorage } from "@mall/server/media/storage.js";
import type { Platform } from "@mall/server/platform/platform.js";

/** What the back office needs of its process: the platform, and where uploaded media lives (logos, product galleries). */
export type AdminPlatform = Platform & { mediaStorage: MediaStorage };
