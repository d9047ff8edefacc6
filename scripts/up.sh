#!/usr/bin/env bash
# The README's first command: install everything, then migrate, seed and run
# the platform. Node 24 comes from the npm `node` package, whatever the
# system has: npm puts node_modules/.bin (where that package links `node`)
# first on PATH for every script.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -d node_modules ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  echo "Installing dependencies (npm ci)…"
  npm ci --no-audit --no-fund --loglevel=error
fi
export PATH="$PWD/node_modules/.bin:$PATH"
export ASTRO_TELEMETRY_DISABLED=1
# A laptop: development features (the sign-in code helper, the sandbox gateway) are asked for, never the default.
export NODE_ENV="${NODE_ENV:-development}"
echo "Node $(node --version)"
exec tsx scripts/up.ts
