#!/usr/bin/env bash
# Sourced by .ci/run: a streaming replica of the PostgreSQL on 127.0.0.1:5432, as a second cluster
# ("replica", port 5433) made with pg_basebackup -R. Idempotent: a replica left by an earlier run is
# reused when it still streams and catches up; one that cannot (stopped long enough for the primary to
# recycle the WAL it needs, or half made) is rebuilt. Exports TEST_REPLICA_URL.
set -euo pipefail

replica_version=$(ls /etc/postgresql | sort -n | tail -n1)
replica_port=5433
replica_dir=/var/lib/postgresql/$replica_version/replica
primary_hba=/etc/postgresql/$replica_version/main/pg_hba.conf

# The primary: replication connections from this machine (wal_level=replica and max_wal_senders=10
# are PostgreSQL's defaults). A reload, not a restart: others use this server.
if ! grep -Eq '^host[[:space:]]+replication[[:space:]]+all[[:space:]]+127\.0\.0\.1/32[[:space:]]+trust' "$primary_hba"; then
  echo "host replication all 127.0.0.1/32 trust" >>"$primary_hba"
  psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -qAtc "SELECT pg_reload_conf()" >/dev/null
fi

replica_log=/var/log/postgresql/postgresql-$replica_version-replica.log

# True when the replica accepts connections and replays what the primary has now within 30 s; false
# at once when its log (from line $1 on) says the primary no longer has the WAL it needs.
replica_catches_up() {
  local from=${1:-1}
  pg_isready -h 127.0.0.1 -p $replica_port -q || return 1
  local target
  target=$(psql -h 127.0.0.1 -p 5432 -U postgres -d postgres -qAtc "SELECT pg_current_wal_lsn()")
  for _ in $(seq 1 30); do
    tail -n +"$from" "$replica_log" 2>/dev/null | grep -q "has already been removed" && return 1
    [ "$(psql -h 127.0.0.1 -p $replica_port -U postgres -d postgres -qAtc \
      "SELECT pg_is_in_recovery() AND NOT pg_is_wal_replay_paused() AND pg_last_wal_replay_lsn() >= '$target'::pg_lsn" 2>/dev/null)" = t ] && return 0
    # A test that paused replay and died before resuming it: resume.
    psql -h 127.0.0.1 -p $replica_port -U postgres -d postgres -qAtc \
      "SELECT pg_wal_replay_resume() WHERE pg_is_wal_replay_paused()" >/dev/null 2>&1 || true
    sleep 1
  done
  return 1
}

if pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$replica_version/replica"; then
  log_from=$(($(wc -l <"$replica_log" 2>/dev/null || echo 0) + 1))
  if ! pg_isready -h 127.0.0.1 -p $replica_port -q; then
    pg_ctlcluster --skip-systemctl-redirect "$replica_version" replica start || true
    for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p $replica_port -q && break; sleep 1; done
  fi
  if ! replica_catches_up "$log_from"; then
    echo "The replica on port $replica_port does not catch up: rebuilding it"
    pg_dropcluster --stop "$replica_version" replica
  fi
fi

if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$replica_version/replica"; then
  echo "Creating a streaming replica on port $replica_port (pg_basebackup of the primary)"
  started=$SECONDS
  pg_createcluster "$replica_version" replica -p $replica_port >/dev/null
  # A small replica: the tests read a few rows from it.
  cat >>"/etc/postgresql/$replica_version/replica/postgresql.conf" <<CONF
shared_buffers = 64MB
hot_standby = on
CONF
  # The primary's client authentication (here: trust from this machine).
  cp "$primary_hba" "/etc/postgresql/$replica_version/replica/pg_hba.conf"
  rm -rf "${replica_dir:?}"/*
  runuser -u postgres -- pg_basebackup -h 127.0.0.1 -p 5432 -U postgres -D "$replica_dir" -R -X stream -c fast
  pg_ctlcluster --skip-systemctl-redirect "$replica_version" replica start
  for _ in $(seq 1 60); do pg_isready -h 127.0.0.1 -p $replica_port -q && break; sleep 1; done
  replica_catches_up || { echo "The new replica does not stream"; exit 1; }
  echo "Replica ready in $((SECONDS - started)) s"
fi

export TEST_REPLICA_URL=postgres://postgres@127.0.0.1:$replica_port/postgres
