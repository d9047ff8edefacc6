#!/usr/bin/env bash
# The production image's file layout (the Dockerfile's production stage) made
# from a checkout's `npm run build`, in a folder: what the production stage
# copies, and nothing else (a file the roles need but the Dockerfile leaves
# out fails there as it would in the image): the compiled server, bot and CLI;
# the back office's sources and compiled files with its components bundle
# built once (admin/bundle/); @mall/locale's sources and compiled files
# (the roles import the compiled ones); sites/ as sources; the image's
# entry point as mall-entrypoint. The one copy of this layout:
#
#   bash scripts/image-layout.sh <destination>
#       node_modules hard-linked from this checkout (dev dependencies stay,
#       unused by the roles), for running the compiled roles on this machine
#       (`npm run bench -- --compiled`);
#   bash scripts/image-layout.sh --move-node-modules <destination>
#       node_modules moved out of the checkout instead, as scripts/check-image.sh
#       does in its clone after `npm prune --omit=dev` (production dependencies
#       alone, as in the image).
#
# Run it after `npm run build`.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
modules=link
if [ "${1:-}" = --move-node-modules ]; then modules=move; shift; fi
image=${1:?usage: image-layout.sh [--move-node-modules] <destination>}
[ -d "$root/build/server/src" ] || { echo "image-layout: no build/ (run npm run build first)"; exit 1; }
rm -rf "$image" && mkdir -p "$image"
cd "$root"
# node_modules of the root and of each workspace that has its own.
modules_of() { if [ "$modules" = move ]; then mv "$1" "$2"; else cp -al "$1" "$2"; fi; }
cp package.json package-lock.json "$image/"
modules_of node_modules "$image/node_modules"
for ws in locale server admin cli bots sites e2e; do
  mkdir -p "$image/$ws" && cp "$ws/package.json" "$image/$ws/"
  [ ! -d "$ws/node_modules" ] || modules_of "$ws/node_modules" "$image/$ws/node_modules"
done
cp -r locale/src "$image/locale/src" && rm -f "$image"/locale/src/*.test.ts && cp -r build/locale/src/. "$image/locale/src/"
cp -r build/server/src "$image/server/src"
cp -r build/bots/src "$image/bots/src"
cp -r build/cli/src "$image/cli/src"
cp -r cli/bin "$image/cli/bin"
cp -r admin/src "$image/admin/src" && cp -r build/admin/src/. "$image/admin/src/"
cp tsconfig.base.json "$image/"   # sites/tsconfig.json extends it; Vite reads it while building a site
cp sites/astro.config.mjs sites/tsconfig.json "$image/sites/" && cp -r sites/src "$image/sites/src"
cp deploy/docker-entrypoint.sh "$image/mall-entrypoint"
# As the Dockerfile does: the back office's components bundle, built once in the image's own layout (admin/bundle/).
cd "$image"
NODE_ENV=production node admin/src/build-bundle.js >/dev/null || { echo "image-layout: the back office's components bundle was not built"; exit 1; }
