import type { Config } from "../config/config.js";
import { LocalStorage } from "./local-storage.js";
import type { MediaStorage } from "./storage.js";

/** The driver the configuration names; the S3 client (AWS SDK, some 25 MiB of a process's memory) is imported only for S3. */
export async function createStorage(config: Config): Promise<MediaStorage> {
  if (config.MEDIA_STORAGE === "s3") {
    const { S3Storage } = await import("./s3-storage.js");
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
