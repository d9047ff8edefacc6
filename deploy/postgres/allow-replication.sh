#!/bin/sh
# Run once by the postgres image when it creates the cluster: the replica service (docker compose --profile replica)
# connects for replication as the mall user, with its password, from the compose network.
set -e
echo "host replication ${POSTGRES_USER:-mall} all scram-sha-256" >> "$PGDATA/pg_hba.conf"
