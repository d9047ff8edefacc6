#!/bin/sh
# Starts one role of the Mall image: server | worker | bot | migrate.
set -e
role="${1:-server}"
case "$role" in
  server|worker|bot) exec node "server/dist/main/$role.js" ;;
  migrate) exec node server/dist/db/migrate.js ;;
  *) echo "Unknown role \"$role\": use server, worker, bot or migrate." >&2; exit 1 ;;
esac
