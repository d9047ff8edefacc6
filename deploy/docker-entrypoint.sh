#!/bin/sh
# Starts one role of the Mall image: server | worker | bot | migrate, or the
# staff CLI (`docker compose run --rm server mall store list`).
# The image holds the compiled JavaScript beside the sources (see Dockerfile).
set -e
role="${1:-server}"
case "$role" in
  server|worker|bot) exec node "server/src/main/$role.js" ;;
  migrate) exec node server/src/db/migrate.js ;;
  mall) shift; exec node cli/bin/run.js "$@" ;;
  *) echo "Unknown role \"$role\": use server, worker, bot, migrate or mall." >&2; exit 1 ;;
esac
