#!/usr/bin/env bash
# The production image's layout, checked without Docker (there is no Docker
# engine on our machines): a clean clone, every dependency, `npm run build`,
# the compiled JavaScript laid over the sources as the Dockerfile does, then
# the dev dependencies pruned (tsx too) and the roles started on Node 24 from
# compiled code: migrate, seed, server, worker; the demo store's API answers
# and the worker builds its site.
#   bash scripts/check-image.sh        (needs PostgreSQL and Redis as for the tests)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
db="mall_image_check_$$"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  dropdb -h 127.0.0.1 -U postgres --if-exists "$db" >/dev/null 2>&1 || true
  rm -rf "$work" 2>/dev/null || { sleep 2; rm -rf "$work"; }
}
trap cleanup EXIT
step() { printf '== %s\n' "$1"; }

step "clone and install"
git clone -q "$root" "$work/app"
cd "$work/app"
npm ci --no-audit --no-fund --loglevel=error
cp node_modules/node/bin/node "$work/node"   # Node 24, as the image's base has it

step "npm run build (tsconfig.build.json)"
npm run -s build
# As the image: server, bot and CLI as compiled JavaScript only; the back office keeps its sources too;
# @mall/locale stays erasable TypeScript (Node 24 strips the types; the compiled server imports it by name).
for ws in server bots cli; do rm -rf "$ws/src" && cp -r "build/$ws/src" "$ws/src"; done
cp -r build/admin/src/. admin/src/
rm -f locale/src/*.test.ts
[ ! -e build/locale ] || { echo "tsc compiled @mall/locale into build/; the image runs its sources"; exit 1; }
rm -rf build

step "production dependencies only"
npm prune --omit=dev --no-audit --no-fund --loglevel=error
rm -rf node_modules/tsx node_modules/typescript node_modules/vitest
node="$work/node"

step "migrate, seed, server, worker from compiled code"
createdb -h 127.0.0.1 -U postgres "$db"
export NODE_ENV=production DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" REDIS_PREFIX="image-check-$$" DATA_DIR="$work/data" \
  PORT=3999 PLATFORM_DOMAIN=mall.localhost PUBLIC_URL=http://mall.localhost:3999 \
  JWT_SECRET="$(openssl rand -base64 48)" SESSION_SECRET="$(openssl rand -base64 48)" \
  PAYMENT_SECRET_KEY="$(openssl rand -base64 48)"
"$node" server/src/db/migrate.js
"$node" server/src/main/server.js > "$work/server.log" 2>&1 & pids+=($!)
"$node" server/src/main/worker.js > "$work/worker.log" 2>&1 & pids+=($!)
"$node" server/src/db/seed-demo.js
for _ in $(seq 1 60); do curl -sf localhost:3999/readyz >/dev/null && break; sleep 1; done
curl -sf localhost:3999/readyz
echo
curl -sf -H 'Host: demo.mall.localhost' localhost:3999/api/v1/products | head -c 200
echo
for _ in $(seq 1 120); do
  if curl -sf -H 'Host: demo.mall.localhost' localhost:3999/ | grep -q 'dir="rtl"'; then echo "demo site built by the worker and served"; break; fi
  sleep 1
done
curl -sf -H 'Host: demo.mall.localhost' localhost:3999/ | grep -q 'dir="rtl"' || { echo "the demo site was not built"; tail -n 20 "$work/worker.log"; exit 1; }
"$node" cli/bin/run.js store list || { echo "the CLI does not run from compiled code"; exit 1; }
step "the production layout works"
