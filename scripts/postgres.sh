#!/usr/bin/env bash
# A throwaway PostgreSQL on loopback for tests and benchmarks.
#   scripts/postgres.sh start DIR   installs PostgreSQL from Debian's packages when absent,
#                                   starts a cluster in DIR on a free port and prints its URL
#   scripts/postgres.sh createdb DIR NAME   creates another database there and prints its URL
#   scripts/postgres.sh stop DIR    stops it
set -euo pipefail
cmd=${1:?usage: postgres.sh start|stop DIR}
dir=$(realpath -m "${2:?usage: postgres.sh start|stop DIR}")

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "$cmd" in
start)
  bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$bin" ]; then
    echo "installing PostgreSQL from Debian's packages" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq >&2
    apt-get install -y -qq --no-install-recommends postgresql >&2
    bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  fi
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  mkdir -p "$dir"
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir"
  as_postgres "$bin/initdb" -D "$dir/data" -U postgres --auth=trust -E UTF8 --no-instructions >/dev/null
  # fsync off: a test cluster that loses data on a crash loses nothing that matters. Many
  # connections: the Swift tests run their suites at once, each database with its own pool, and
  # 400 was once exhausted ("too many clients"), stalling the tests that could not connect.
  as_postgres "$bin/pg_ctl" -D "$dir/data" -l "$dir/postgres.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir -c fsync=off -c max_connections=1000" start >/dev/null
  "$bin/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE reach_test" >/dev/null
  echo "$bin" > "$dir/bin"
  echo "$port" > "$dir/port"
  echo "postgres://postgres@127.0.0.1:$port/reach_test?sslmode=disable"
  ;;
createdb)
  name=${3:?usage: postgres.sh createdb DIR NAME}
  port=$(cat "$dir/port")
  "$(cat "$dir/bin")/psql" -q -h 127.0.0.1 -p "$port" -U postgres -c "CREATE DATABASE \"$name\"" >/dev/null
  echo "postgres://postgres@127.0.0.1:$port/$name?sslmode=disable"
  ;;
stop)
  [ -f "$dir/bin" ] || exit 0
  as_postgres "$(cat "$dir/bin")/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null || true
  ;;
*)
  echo "usage: postgres.sh start|createdb|stop DIR" >&2
  exit 2
  ;;
esac
