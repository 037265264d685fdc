#!/bin/sh
# docker-compose.yml, service "replica": on first start, a base backup of the primary with
# -R (standby.signal and primary_conninfo), then a hot standby streaming from it. Later starts
# resume streaming from the data already there.
set -e
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  until pg_isready -h postgres -p 5432 -q; do sleep 1; done
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 700 "$PGDATA"
  gosu postgres env PGPASSWORD="$REPLICATION_PASSWORD" \
    pg_basebackup -h postgres -p 5432 -U replicator -D "$PGDATA" -R -X stream -c fast
fi
exec gosu postgres postgres -c hot_standby=on
