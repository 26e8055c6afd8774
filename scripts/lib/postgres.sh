# Makes sure a PostgreSQL server is there for the tests. Uses TEST_POSTGRES_URL when set;
# otherwise (as root) installs Debian's postgresql when missing and starts a throw-away cluster
# on a loopback port. Sets TEST_POSTGRES_URL; stop_postgres stops what ensure_postgres started.

PG_DIR=${SPAWNER_PG_DIR:-/tmp/spawner-postgres}
PG_PORT=${SPAWNER_PG_PORT:-55432}

ensure_postgres() {
  if [ -n "${TEST_POSTGRES_URL:-}" ]; then
    echo "postgres: using TEST_POSTGRES_URL"
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "postgres: set TEST_POSTGRES_URL, or run as root so a server can be started" >&2
    return 1
  fi
  if ! ls /usr/lib/postgresql/*/bin/pg_ctl >/dev/null 2>&1; then
    echo "postgres: installing postgresql from Debian"
    apt_install postgresql
  fi
  local bin
  bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  # A cluster left running by an earlier, interrupted run: stop it before starting afresh.
  if [ -f "$PG_DIR/data/postmaster.pid" ]; then
    su postgres -s /bin/sh -c "$bin/pg_ctl -D $PG_DIR/data -m immediate -w stop >/dev/null 2>&1" || true
  fi
  rm -rf "$PG_DIR"
  mkdir -p "$PG_DIR"
  chown postgres:postgres "$PG_DIR"
  echo "postgres: starting a cluster on 127.0.0.1:$PG_PORT"
  su postgres -s /bin/sh -c "$bin/initdb -D $PG_DIR/data -A trust -U postgres >$PG_DIR/initdb.log 2>&1"
  su postgres -s /bin/sh -c "$bin/pg_ctl -D $PG_DIR/data -l $PG_DIR/server.log -w -o \"-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off\" start >/dev/null"
  SPAWNER_PG_BIN=$bin
  export TEST_POSTGRES_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
}

stop_postgres() {
  [ -n "${SPAWNER_PG_BIN:-}" ] || return 0
  echo "postgres: stopping"
  su postgres -s /bin/sh -c "$SPAWNER_PG_BIN/pg_ctl -D $PG_DIR/data -m fast -w stop >/dev/null" || true
}
