import type { Config } from "../config/config.js";
import { LocalStorage } from "./local-storage.js";
import { S3Storage } from "./s3-storage.js";
import type { MediaStorage } from "./storage.js";

/** The driver the configuration names. */
export function createStorage(config: Config): MediaStorage {
  if (config.MEDIA_STORAGE === "s3") {
    return new S3Storage({
      endpoint: config.S3_ENDPOINT,
      bucket: config.S3_BUCKET!,
      region: config.S3_REGION,
      accessKeyId: config.S3_ACCESS_KEY_ID,
      secretAccessKey: config.S3_SECRET_ACCESS_KEY,
      forcePathStyle: config.S3_FORCE_PATH_STYLE,
      publicUrl: config.MEDIA_PUBLIC_URL,
    });
  }
  return new LocalStorage(config.MEDIA_DIR, config.MEDIA_PUBLIC_URL ?? "/media");
}
