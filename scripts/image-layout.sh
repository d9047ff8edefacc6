#!/usr/bin/env bash
# The production image's file layout (the Dockerfile's production stage) made
# from this checkout's `npm run build`, in a folder, for running the compiled
# roles through the image's entry point on this machine (`npm run bench --
# --compiled`): the compiled server, bot and CLI; the back office's sources
# and compiled files with its components bundle built once (admin/bundle/);
# @mall/locale and sites/ as sources. node_modules is hard-linked from the
# checkout (dev dependencies stay, unused by the roles; scripts/check-image.sh
# is the check on production dependencies alone).
#
#   bash scripts/image-layout.sh <destination>     (after npm run build)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
image=$1
[ -d "$root/build/server/src" ] || { echo "image-layout: no build/ (run npm run build first)"; exit 1; }
rm -rf "$image" && mkdir -p "$image"
cd "$root"
cp package.json package-lock.json "$image/"
cp -al node_modules "$image/node_modules"
for ws in locale server admin cli bots sites e2e; do
  mkdir -p "$image/$ws" && cp "$ws/package.json" "$image/$ws/"
  [ ! -d "$ws/node_modules" ] || cp -al "$ws/node_modules" "$image/$ws/node_modules"
done
cp -r locale/src "$image/locale/src" && rm -f "$image"/locale/src/*.test.ts
cp -r build/server/src "$image/server/src"
cp -r build/bots/src "$image/bots/src"
cp -r build/cli/src "$image/cli/src"
cp -r cli/bin "$image/cli/bin"
cp -r admin/src "$image/admin/src" && cp -r build/admin/src/. "$image/admin/src/"
cp tsconfig.base.json "$image/"
cp sites/astro.config.mjs sites/tsconfig.json "$image/sites/" && cp -r sites/src "$image/sites/src"
cp deploy/docker-entrypoint.sh "$image/mall-entrypoint"
cd "$image" && NODE_ENV=production node admin/src/build-bundle.js >/dev/null
