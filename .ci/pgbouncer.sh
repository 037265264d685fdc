#!/usr/bin/env bash
# Sourced by .ci/run: PgBouncer in transaction pooling mode in front of 127.0.0.1:5432, on port 6433
# (Debian's own pgbouncer service, if the package started it, keeps 6432), with its own configuration
# under /var/lib/saltbitter-ci/pgbouncer (Debian's /etc/pgbouncer is left alone). Every database name
# is passed through (the tests create one database per file). Idempotent: a PgBouncer left by an
# earlier run is reloaded with this configuration. Exports TEST_PGBOUNCER_URL.
set -euo pipefail

bouncer_port=6433
bouncer_dir=/var/lib/saltbitter-ci/pgbouncer
mkdir -p "$bouncer_dir"
cat >"$bouncer_dir/pgbouncer.ini" <<CONF
[databases]
* = host=127.0.0.1 port=5432

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $bouncer_port
unix_socket_dir =
auth_type = trust
auth_file = $bouncer_dir/userlist.txt
pool_mode = transaction
max_client_conn = 400
default_pool_size = 10
max_db_connections = 20
server_reset_query =
ignore_startup_parameters = extra_float_digits, plan_cache_mode
logfile = $bouncer_dir/pgbouncer.log
pidfile = $bouncer_dir/pgbouncer.pid
admin_users = postgres
CONF
echo '"postgres" ""' >"$bouncer_dir/userlist.txt"
chown -R postgres:postgres "$bouncer_dir"

if [ -f "$bouncer_dir/pgbouncer.pid" ] && kill -0 "$(cat "$bouncer_dir/pgbouncer.pid")" 2>/dev/null; then
  kill -HUP "$(cat "$bouncer_dir/pgbouncer.pid")"
else
  rm -f "$bouncer_dir/pgbouncer.pid"
  # PgBouncer refuses to run as root.
  runuser -u postgres -- pgbouncer -d "$bouncer_dir/pgbouncer.ini"
fi
for _ in $(seq 1 20); do pg_isready -h 127.0.0.1 -p $bouncer_port -q && break; sleep 0.5; done
psql -h 127.0.0.1 -p $bouncer_port -U postgres -d postgres -qAtc "SELECT 1" >/dev/null

export TEST_PGBOUNCER_URL=postgres://postgres@127.0.0.1:$bouncer_port/postgres
