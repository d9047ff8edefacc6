import { tmpdir } from "node:os";
import { join } from "node:path";

/**
 * One folder for the back office's components bundle across every test file,
 * process and run: its file names carry a hash of what the bundle is made of,
 * so the first server that needs it builds it (the others wait on its lock)
 * and later runs reuse it.
 */
export const TEST_BUNDLE_DIR = join(tmpdir(), "mall-admin-bundle");
