import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  port: number;
  address: string;
  silent: boolean;
  directory: string;
  configureBuckets: { name: string }[];
}) => S3rverInstance;

// s3rver ships no types; this is the part of its API the tests use.
const require = createRequire(import.meta.url);
const S3rver = require("s3rver") as S3rverClass;

/**
 * A local S3-compatible server (s3rver) with one bucket, for one test file:
 * the S3 storage driver runs against it exactly as against MinIO.
 */
export async function startS3Server(bucket = "media"): Promise<{ endpoint: string; bucket: string; close(): Promise<void> }> {
  const directory = await mkdtemp(join(tmpdir(), "mall-s3-"));
  const server = new S3rver({ port: 0, address: "127.0.0.1", silent: true, directory, configureBuckets: [{ name: bucket }] });
  const { port } = await server.run();
  return {
    endpoint: `http://127.0.0.1:${port}`,
    bucket,
    async close() {
      await server.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
