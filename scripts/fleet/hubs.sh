#!/usr/bin/env bash
# N pg-hubs sharing a cluster's queues (cluster.sh start DIR first), each given
# every node with a different one first, so they spread over the nodes.
#   hubs.sh start DIR N STORE [PG-HUB ARGS...]   logs and pids in DIR/hubs/
#   hubs.sh stop DIR                             SIGTERM, wait for each
# STORE is a PostgreSQL URL (warehouse.sh start prints one), where the hubs write
# side by side, or an SQLite file, where they take turns through its write lock.
# pg-hub is taken from $PG_HUB, else the build tree, else PATH.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cmd="${1:?usage: hubs.sh start DIR N STORE [ARGS...] | stop DIR}"
dir="${2:?DIR missing}"
hub="${PG_HUB:-$root/build/hub/pg-hub}"
[[ -x "$hub" ]] || hub=$(command -v pg-hub)
mkdir -p "$dir/hubs"
case "$cmd" in
start)
  n="${3:?N missing}"; db="${4:?STORE missing}"; shift 4
  store=(--db "$db")
  [[ "$db" != postgresql://* ]] || store=(--store-url "$db")
  IFS=, read -r -a urls <"$dir/amqp-urls"
  for i in $(seq 0 $((n - 1))); do
    list=""
    for j in 0 1 2; do list+="${list:+,}${urls[$(((i + j) % 3))]}"; done
    "$hub" "${store[@]}" --amqp "$list" "$@" >"$dir/hubs/hub-$i.log" 2>&1 &
    echo $! >"$dir/hubs/hub-$i.pid"
  done
  for i in $(seq 0 $((n - 1))); do
    for _ in $(seq 300); do grep -q consuming "$dir/hubs/hub-$i.log" && break; sleep 0.1; done
    grep -q consuming "$dir/hubs/hub-$i.log" || { echo "hubs: hub $i did not start; see $dir/hubs/hub-$i.log" >&2; exit 1; }
  done
  echo "hubs: $n consuming into $db"
  ;;
stop)
  for f in "$dir"/hubs/hub-*.pid; do
    [[ -f "$f" ]] || continue
    p=$(cat "$f"); kill "$p" 2>/dev/null || true
    for _ in $(seq 300); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    rm -f "$f"
  done
  ;;
*) echo "hubs.sh: unknown command $cmd" >&2; exit 2 ;;
esac
