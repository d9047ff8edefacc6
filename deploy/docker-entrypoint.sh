#!/bin/sh
# Starts one role of the Mall image: server | worker | bot | migrate, or the
# staff CLI (`docker compose run --rm server mall store list`).
# The image holds the compiled JavaScript beside the sources (see Dockerfile).
set -e
# V8's young generation: Node 24 lets it grow to 64 MiB per semi-space on a
# machine this size; loading the modules at start grows it there and it stays
# committed for the process's life (about 95 MiB of a server's RSS at rest).
# 16 MiB per semi-space (Node's own default before) keeps scavenges cheap.
# --conditions=mall-compiled: @mall/locale's compiled files, not its TypeScript
# sources (type stripping would load Node's stripper, amaro: ~17 MiB a process).
export NODE_OPTIONS="--max-semi-space-size=16 --conditions=mall-compiled${NODE_OPTIONS:+ $NODE_OPTIONS}"
role="${1:-server}"
case "$role" in
  server|worker|bot) exec node "server/src/main/$role.js" ;;
  migrate) exec node server/src/db/migrate.js ;;
  mall) shift; exec node cli/bin/run.js "$@" ;;
  *) echo "Unknown role \"$role\": use server, worker, bot, migrate or mall." >&2; exit 1 ;;
esac
