import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * One folder for the back office's components bundle across every test file,
 * process and run of this checkout: its file names carry a hash of what the
 * bundle is made of, so the first server that needs it builds it (the others
 * wait on its lock) and later runs reuse it. Another checkout on the same
 * machine gets a folder of its own, since a new bundle removes the others in
 * its folder.
 */
export const TEST_BUNDLE_DIR = join(
  tmpdir(),
  `mall-admin-bundle-${createHash("sha256")
    .update(resolve(import.meta.dirname, "../../.."))
    .digest("hex")
    .slice(0, 12)}`,
);
