#!/usr/bin/env bash
# Starts a throwaway PostgreSQL server for the head-office (hqdesk) tests and
# exports COUNTERDESK_PG_URL, a URL whose role may CREATE DATABASE:
#   postgres://counterdesk:counterdesk@127.0.0.1:PORT/postgres?sslmode=disable
#
# The cluster lives in a new temporary folder (initdb with the binaries of
# Debian's `postgresql` package, /usr/lib/postgresql/*/bin), listens only on
# 127.0.0.1 on a free port and on a socket inside that folder, and is stopped
# and removed when the shell that started it exits, also when a test fails or
# the run is interrupted. It never touches a system cluster (pg_ctlcluster,
# /var/lib/postgresql, port 5432 are left alone). As root (CI), the server
# runs as the `postgres` user, since PostgreSQL refuses to run as root.
#
# Use:
#   source scripts/pg.sh            # scripts/test.sh: the whole run has the URL
#   bash scripts/pg.sh CMD ARGS...  # run one command with the server, e.g.
#   bash scripts/pg.sh go test ./cmd/hqdesk
#
# COUNTERDESK_PG_DURABLE=1 keeps PostgreSQL's default fsync settings (for
# benchmarks); by default the throwaway cluster runs with fsync off.

# Nothing here changes the caller's shell options: every step checks itself.

counterdesk_pg_dir=""
counterdesk_pg_bin=""
counterdesk_pg_as=()

# counterdesk_pg_run runs a PostgreSQL program as the cluster's owner.
counterdesk_pg_run() {
  "${counterdesk_pg_as[@]}" "$@"
}

# counterdesk_pg_stop stops the cluster (immediately: it is thrown away) and
# removes its folder; safe to call twice.
counterdesk_pg_stop() {
  local dir=$counterdesk_pg_dir
  [ -n "$dir" ] || return 0
  counterdesk_pg_dir=""
  if [ -f "$dir/data/postmaster.pid" ]; then
    counterdesk_pg_run "$counterdesk_pg_bin/pg_ctl" -D "$dir/data" -m immediate -w -t 30 stop >/dev/null 2>&1 || true
    if [ -f "$dir/data/postmaster.pid" ]; then
      local pid
      pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null)
      case $pid in '' | *[!0-9]*) ;; *) kill -KILL "$pid" 2>/dev/null || true ;; esac
    fi
  fi
  rm -rf -- "$dir"
  unset COUNTERDESK_PG_URL
}

# counterdesk_pg_port_free says whether nothing accepts connections on
# 127.0.0.1:$1 (bash's /dev/tcp probe; pg_ctl start is the final word).
counterdesk_pg_port_free() {
  ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

counterdesk_pg_start() {
  counterdesk_pg_bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
  if [ -z "$counterdesk_pg_bin" ] || [ ! -x "$counterdesk_pg_bin/initdb" ]; then
    echo "pg.sh: no PostgreSQL server under /usr/lib/postgresql/*/bin; install Debian's postgresql package (scripts/setup.sh does)" >&2
    return 1
  fi

  # The folder: under /tmp, which the postgres user can reach (a root
  # TMPDIR such as /root/tmp may not be).
  local parent=/tmp
  if [ "$(id -u)" -eq 0 ]; then
    if ! id postgres >/dev/null 2>&1; then
      echo "pg.sh: running as root but there is no postgres user; install Debian's postgresql package" >&2
      return 1
    fi
    if command -v runuser >/dev/null; then
      counterdesk_pg_as=(runuser -u postgres --)
    else
      counterdesk_pg_as=(su postgres -s /bin/sh -c '"$0" "$@"')
    fi
  else
    counterdesk_pg_as=()
    parent=${TMPDIR:-/tmp}
  fi
  counterdesk_pg_dir=$(mktemp -d "$parent/counterdesk-pg.XXXXXX") || return 1
  local dir=$counterdesk_pg_dir
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres: "$dir" || return 1
  fi
  chmod 700 "$dir"

  if ! counterdesk_pg_run "$counterdesk_pg_bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C.UTF-8 \
    --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1; then
    # Older servers or systems without C.UTF-8: plain C.
    counterdesk_pg_run rm -rf "$dir/data"
    if ! counterdesk_pg_run "$counterdesk_pg_bin/initdb" -D "$dir/data" -U postgres -E UTF8 --locale=C \
      --auth-local=trust --auth-host=scram-sha-256 >"$dir/initdb.log" 2>&1; then
      echo "pg.sh: initdb failed:" >&2
      cat "$dir/initdb.log" >&2
      return 1
    fi
  fi
  local fast="fsync = off
synchronous_commit = off
full_page_writes = off"
  [ "${COUNTERDESK_PG_DURABLE:-}" = 1 ] && fast=""
  # Written through the owner, since the data folder is theirs alone.
  counterdesk_pg_run sh -c 'cat >>"$1"' sh "$dir/data/postgresql.conf" <<EOF
# scripts/pg.sh: a throwaway cluster for the tests
listen_addresses = '127.0.0.1'
unix_socket_directories = '$dir'
max_connections = 100
$fast
EOF

  local try port started=""
  for try in 1 2 3 4 5 6 7 8; do
    port=$((20000 + (RANDOM * 32768 + RANDOM) % 40000))
    counterdesk_pg_port_free "$port" || continue
    if counterdesk_pg_run "$counterdesk_pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
      started=1
      break
    fi
    # Someone took the port between the probe and the start: another one.
  done
  if [ -z "$started" ]; then
    echo "pg.sh: the server would not start:" >&2
    tail -n 20 "$dir/server.log" >&2 2>/dev/null
    return 1
  fi
  if ! counterdesk_pg_run "$counterdesk_pg_bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -U postgres -d postgres \
    -c "CREATE ROLE counterdesk LOGIN CREATEDB PASSWORD 'counterdesk'" >"$dir/psql.log" 2>&1; then
    echo "pg.sh: could not create the test role:" >&2
    cat "$dir/psql.log" >&2
    return 1
  fi
  export COUNTERDESK_PG_URL="postgres://counterdesk:counterdesk@127.0.0.1:$port/postgres?sslmode=disable"
  echo "pg.sh: $("$counterdesk_pg_bin/postgres" --version | sed 's/^postgres (PostgreSQL)/PostgreSQL/') in $dir on 127.0.0.1:$port (stopped and removed at exit)"
}

if [[ "${BASH_SOURCE[0]}" != "$0" ]]; then
  # Sourced: stop the cluster when the calling script exits.
  trap counterdesk_pg_stop EXIT
  trap 'counterdesk_pg_stop; exit 130' INT
  trap 'counterdesk_pg_stop; exit 143' TERM
  counterdesk_pg_start || { counterdesk_pg_stop; return 1; }
else
  set -uo pipefail
  if [ $# -eq 0 ]; then
    echo "usage: bash scripts/pg.sh CMD ARGS...   (or: source scripts/pg.sh)" >&2
    exit 2
  fi
  trap counterdesk_pg_stop EXIT
  trap 'exit 130' INT
  trap 'exit 143' TERM
  counterdesk_pg_start || exit 1
  "$@"
  exit $?
fi
