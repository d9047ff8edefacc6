#!/usr/bin/env bash
# The production image's layout, checked without Docker (there is no Docker
# engine on our machines): a clean clone of the committed tree, every
# dependency, `npm run build`, then an image folder holding only what the
# Dockerfile's production stage copies (compiled server, bot and CLI; the back
# office's sources and compiled files; @mall/locale's sources and compiled
# files; sites/ as sources;
# production dependencies only, tsx and TypeScript gone), and each role started
# on Node 24 through the image's entry point:
#   migrate; seed; server; worker (the demo store's site and the landing page
#   built by Astro and served); a product image uploaded through the API and
#   its WebP/AVIF variants fetched; `mall store list` and `mall doctor`; the
#   bot role (no TELEGRAM_BOT_TOKEN: it idles, stays up, and stops cleanly).
#
#   bash scripts/check-image.sh        (needs PostgreSQL and Redis as for the tests)
#
# MALL_CHECK_REUSE_NODE_MODULES=1 (CI, right after its own `npm ci` of the same
# commit) hard-links the checkout's node_modules into the clone instead of a
# second `npm ci`, when both lockfiles are the same; `npm prune --omit=dev`
# then removes the dev dependencies from the copy as before, so the roles
# still run on production dependencies only.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d)
db="mall_image_check_$$"
prefix="image-check-$$"
port=3999
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  dropdb -h 127.0.0.1 -U postgres --if-exists "$db" >/dev/null 2>&1 || true
  redis-cli -h 127.0.0.1 --scan --pattern "${prefix}:*" 2>/dev/null | xargs -r redis-cli -h 127.0.0.1 del >/dev/null 2>&1 || true
  rm -rf "$work" 2>/dev/null || { sleep 2; rm -rf "$work"; }
}
trap cleanup EXIT
started=$(date +%s)
step() { printf '== %s (%ss)\n' "$1" "$(( $(date +%s) - started ))"; }
fail() { printf 'check-image: %s\n' "$1"; shift; for log in "$@"; do echo "-- last lines of $(basename "$log")"; tail -n 25 "$log" || true; done; exit 1; }

step "clone and install"
git clone -q "$root" "$work/app"
cd "$work/app"
if [ "${MALL_CHECK_REUSE_NODE_MODULES:-}" = 1 ] && [ -d "$root/node_modules" ] && cmp -s package-lock.json "$root/package-lock.json"; then
  echo "node_modules: hard-linked from $root (same package-lock.json)"
  for dir in . locale server admin cli bots sites e2e; do
    [ -d "$root/$dir/node_modules" ] || continue
    cp -al "$root/$dir/node_modules" "$dir/node_modules" 2>/dev/null || cp -a "$root/$dir/node_modules" "$dir/node_modules"
  done
else
  npm ci --no-audit --no-fund --loglevel=error
fi
mkdir -p "$work/bin"
cp node_modules/node/bin/node "$work/bin/node"   # Node 24, as the image's base has it
export PATH="$work/bin:$PATH"

step "npm run build (tsconfig.build.json)"
npm run -s build
[ -e build/locale/src/index.js ] || fail "tsc did not compile @mall/locale into build/locale/src; the roles import its compiled files"

step "production dependencies only"
npm prune --omit=dev --no-audit --no-fund --loglevel=error
rm -rf node_modules/tsx node_modules/typescript node_modules/vitest

step "the image's files (the Dockerfile's production stage)"
# scripts/image-layout.sh (the clone's own) lays it out, with the pruned node_modules moved in: production ones alone.
image="$work/image"
bash scripts/image-layout.sh --move-node-modules "$image" || fail "the image's layout was not made"
cd "$image"
rm -rf "$work/app"
if grep -rlE "from ['\"](\.\./)+server/src/" sites/src >/dev/null; then fail "a store site imports server/src: $(grep -rlE "from ['\"](\.\./)+server/src/" sites/src | head -3 | tr '\n' ' ')"; fi

step "migrate, seed, server, worker from compiled code"
createdb -h 127.0.0.1 -U postgres "$db"
export NODE_ENV=production DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db" REDIS_PREFIX="$prefix" DATA_DIR="$work/data" \
  PORT=$port PLATFORM_DOMAIN=mall.localhost PUBLIC_URL=http://mall.localhost:$port \
  JWT_SECRET="$(openssl rand -base64 48)" SESSION_SECRET="$(openssl rand -base64 48)" \
  PAYMENT_SECRET_KEY="$(openssl rand -base64 48)" EMALLS_TOKEN_SECRET="$(openssl rand -base64 48)"
unset TELEGRAM_BOT_TOKEN
sh "$image/mall-entrypoint" migrate
sh "$image/mall-entrypoint" server > "$work/server.log" 2>&1 & pids+=($!)
# MALL_DEBUG_BUILD: the whole Astro output in worker.log, so a failed build says why.
MALL_DEBUG_BUILD=1 sh "$image/mall-entrypoint" worker > "$work/worker.log" 2>&1 & pids+=($!)
node server/src/db/seed-demo.js
for _ in $(seq 1 60); do curl -sf localhost:$port/readyz >/dev/null && break; sleep 1; done
curl -sf localhost:$port/readyz || fail "the server is not ready" "$work/server.log"
echo
# Read the whole answer before cutting it: with pipefail, `curl | head -c` fails whenever head closes the pipe first.
products=$(curl -sf -H 'Host: demo.mall.localhost' localhost:$port/api/v1/products) || fail "the demo store's API does not answer" "$work/server.log"
echo "${products:0:160}"
echo

step "the demo store's site and the landing page, built by the worker"
site_ok=""; landing_ok=""
for _ in $(seq 1 180); do
  [ -n "$site_ok" ] || { curl -sf -H 'Host: demo.mall.localhost' localhost:$port/ | grep -q 'dir="rtl"' && site_ok=1 && echo "demo site built and served at demo.mall.localhost"; } || true
  [ -n "$landing_ok" ] || { curl -sf -H 'Host: mall.localhost' localhost:$port/ | grep -q 'data-testid="stat-stores"' && landing_ok=1 && echo "landing page built and served at the bare domain mall.localhost"; } || true
  [ -n "$site_ok" ] && [ -n "$landing_ok" ] && break
  sleep 1
done
if [ -z "$site_ok" ] || [ -z "$landing_ok" ]; then
  grep -E "UNRESOLVED_IMPORT|Could not resolve|not found|Error" "$work/worker.log" | grep -v '"level":30' | sort -u | head -n 15 || true
  [ -n "$site_ok" ] || fail "the demo site was not built" "$work/worker.log"
  fail "the landing page was not built" "$work/worker.log"
fi

step "a product image and its variants (upload through the API, the worker's media job)"
phone=+989120000000
curl -sf -X POST -H 'Host: mall.localhost' -H 'Content-Type: application/json' -d "{\"phone\":\"$phone\"}" localhost:$port/api/v1/auth/send-otp >/dev/null \
  || fail "send-otp refused" "$work/server.log"
code=""
for _ in $(seq 1 30); do
  # The console SMS driver keeps the last code it "sent" in Redis (the worker sends SMS).
  code=$(redis-cli -h 127.0.0.1 --raw GET "${prefix}:sms:last-otp:${phone}" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{process.stdout.write(JSON.parse(s).code)}catch{}})')
  [ -n "$code" ] && break
  sleep 1
done
[ -n "$code" ] || fail "no sign-in code was sent" "$work/worker.log"
cat > server/check-media.mjs <<'EOF'
// Signs in as the demo owner, uploads a JPEG to the demo store's first product and fetches one variant of it.
import sharp from "sharp";
const [base, phone, code] = process.argv.slice(2);
const call = async (path, init = {}, host = "mall.localhost") => {
  const response = await fetch(`${base}${path}`, { ...init, headers: { Host: host, ...init.headers } });
  if (!response.ok) throw new Error(`${init.method ?? "GET"} ${path}: ${response.status} ${await response.text()}`);
  return response;
};
const json = { "Content-Type": "application/json" };
const session = await (await call("/api/v1/auth/verify-otp", { method: "POST", headers: json, body: JSON.stringify({ phone, code }) })).json();
const auth = { Authorization: `Bearer ${session.accessToken}` };
const me = await (await call("/api/v1/auth/me", { headers: auth })).json();
const { storeId } = me.memberships.find((m) => m.slug === "demo");
const products = await (await call(`/api/v1/stores/${storeId}/products`, { headers: auth })).json();
const product = products.items[0];
const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: "#3fa39a" } }).jpeg().toBuffer();
const form = new FormData();
form.append("file", new Blob([jpeg], { type: "image/jpeg" }), "check.jpg");
const media = await (await call(`/api/v1/stores/${storeId}/products/${product.id}/media`, { method: "POST", headers: auth, body: form })).json();
for (let i = 0; i < 90; i++) {
  const { items } = await (await call(`/api/v1/stores/${storeId}/products/${product.id}/media`, { headers: auth })).json();
  const ready = items.find((m) => m.id === media.id && m.status === "ready");
  if (ready) {
    const variant = ready.variants.find((v) => v.format === "webp") ?? ready.variants[0];
    const file = await call(variant.url.replace(/^https?:\/\/[^/]+/, ""), {}, "demo.mall.localhost");
    const bytes = Buffer.from(await file.arrayBuffer());
    const meta = await sharp(bytes).metadata();
    console.log(`image variants: ${ready.variants.map((v) => `${v.format}@${v.width}`).join(", ")}; fetched ${variant.url} (${file.headers.get("content-type")}, ${meta.width}x${meta.height}, ${bytes.length} bytes)`);
    process.exit(0);
  }
  if (items.some((m) => m.id === media.id && m.status === "failed")) throw new Error("the media job failed");
  await new Promise((done) => setTimeout(done, 1000));
}
throw new Error("no variants after 90 s");
EOF
(cd server && node check-media.mjs "http://localhost:$port" "$phone" "$code") || fail "the product image's variants were not made or not served" "$work/server.log" "$work/worker.log"
rm server/check-media.mjs

step "the CLI from compiled code: mall store list, mall doctor"
sh "$image/mall-entrypoint" mall store list || fail "mall store list does not run from compiled code"
sh "$image/mall-entrypoint" mall doctor || fail "mall doctor failed from compiled code"

step "the bot role (no TELEGRAM_BOT_TOKEN: it idles)"
sh "$image/mall-entrypoint" bot > "$work/bot.log" 2>&1 &
bot=$!; pids+=($bot)
for _ in $(seq 1 30); do grep -q "idling" "$work/bot.log" && break; kill -0 $bot 2>/dev/null || break; sleep 1; done
grep -q "idling" "$work/bot.log" || fail "the bot did not start (no idle line)" "$work/bot.log"
sleep 3
kill -0 $bot 2>/dev/null || fail "the bot exited instead of idling" "$work/bot.log"
grep -o '"msg":"[^"]*idling[^"]*"' "$work/bot.log"
kill -TERM $bot
bot_exit=0; wait $bot || bot_exit=$?
[ "$bot_exit" -eq 0 ] || fail "the bot did not stop cleanly on SIGTERM (exit $bot_exit)" "$work/bot.log"
echo "bot stopped cleanly on SIGTERM"

step "the production layout works"
