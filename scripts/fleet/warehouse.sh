#!/usr/bin/env bash
# The fleet's PostgreSQL warehouse on this machine: its own cluster (initdb)
# under DIR, listening on loopback only, for hubs.sh and pg-report.
#   warehouse.sh start DIR [PORT]   initdb on first use, start, create database "postureguard";
#                                   prints the URL and writes it to DIR/store-url
#   warehouse.sh stop DIR           fast shutdown (what was committed stays)
# postgres refuses to run as root: run as root, the server runs as `nobody`
# (DIR must be writable by it); otherwise as the calling user.
set -euo pipefail
cmd="${1:?usage: warehouse.sh start DIR [PORT] | stop DIR}"
dir="${2:?DIR missing}"
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[[ -x "$bin/postgres" ]] || { echo "warehouse: PostgreSQL is not installed (apt install postgresql)" >&2; exit 1; }
as=()
if [[ $(id -u) -eq 0 ]]; then as=(setpriv --reuid=nobody --regid=nogroup --clear-groups --); fi
data="$dir/pgdata"
case "$cmd" in
start)
  port="${3:-5432}"
  mkdir -p "$dir/pgsock"
  [[ $(id -u) -ne 0 ]] || chown nobody:nogroup "$dir" "$dir/pgsock"
  if [[ ! -f "$data/PG_VERSION" ]]; then
    mkdir -p "$data"
    [[ $(id -u) -ne 0 ]] || chown nobody:nogroup "$data"
    "${as[@]}" "$bin/initdb" -D "$data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 ||
      { cat "$dir/initdb.log" >&2; exit 1; }
  fi
  "${as[@]}" "$bin/pg_ctl" -D "$data" -l "$dir/postgres.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $dir/pgsock" start >/dev/null
  psql=(psql -X -q -h 127.0.0.1 -p "$port" -U postgres)
  "${psql[@]}" -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'postureguard'" | grep -q 1 ||
    "${psql[@]}" -d postgres -c "CREATE DATABASE postureguard"
  url="postgresql://postgres@127.0.0.1:$port/postureguard"
  echo "$url" >"$dir/store-url"
  echo "$url"
  ;;
stop)
  "${as[@]}" "$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
  ;;
*) echo "warehouse.sh: unknown command $cmd" >&2; exit 2 ;;
esac
