/**
 * Builds the back office's components bundle at build time, into
 * admin/bundle/ (PREBUILT_BUNDLE_DIR), so the server serves it as a file and
 * never loads the bundler: the Dockerfile's production stage runs it (`node
 * admin/src/build-bundle.js`, NODE_ENV=production, in the image's own
 * layout, as scripts/check-image.sh and `npm run bench` do). Prints the
 * file; exits 1 with one line if bundling fails.
 */
import AdminJS from "adminjs";
import { rm } from "node:fs/promises";
import { componentLoader } from "./components.js";
import { ensureComponentsBundle, PREBUILT_BUNDLE_DIR } from "./bundle.js";

// The components' entry depends only on the component loader (and AdminJS's options.env, which we do not set).
const admin = new AdminJS({ rootPath: "/admin", componentLoader });
try {
  // Bundled into the folder itself, then found there by the server under the same content hash.
  await rm(PREBUILT_BUNDLE_DIR, { recursive: true, force: true });
  const bundle = await ensureComponentsBundle(admin, PREBUILT_BUNDLE_DIR, undefined, { prebuilt: PREBUILT_BUNDLE_DIR });
  process.stdout.write(`admin components bundle: ${bundle.file} (${bundle.buildMs} ms)\n`);
} catch (error) {
  process.stderr.write(`admin components bundle failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
}
