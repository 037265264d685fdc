#!/bin/sh
# docker-compose.yml, service "postgres": runs once, when the primary's data directory is created
# (/docker-entrypoint-initdb.d). A role for the replica's streaming connection and the pg_hba line
# that lets it in. Change the password (and REPLICATION_PASSWORD of the replica service with it).
set -e
psql -v ON_ERROR_STOP=1 --username "$POSTGRES_USER" --dbname "$POSTGRES_DB" <<SQL
CREATE ROLE replicator WITH REPLICATION LOGIN PASSWORD '${REPLICATION_PASSWORD:-change-me-replication-password}';
SQL
echo "host replication replicator all scram-sha-256" >>"$PGDATA/pg_hba.conf"
