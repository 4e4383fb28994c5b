#!/usr/bin/env bash
# The fleet path's throughput and cost (bench/RESULTS.md "Fleet path"): pg-load
# publishes N devices' batches over MQTT QoS 1 to a 3-node RabbitMQ cluster on
# loopback (scripts/fleet/cluster.sh), the quorum queue holds them, and
#   broker   pg-amqp-drain consumes and acknowledges without storing (the broker's own rate)
#   hub1     one pg-hub stores into the store
#   hub2     two pg-hubs share the queue and one store
# The store: STORE=sqlite (default; one file, the hubs take turns) or
# STORE=postgresql (scripts/fleet/warehouse.sh in the work dir, a database per
# run, the hubs write side by side; its server's CPU is the "store" column).
# each on the same stream, in the same run, one after another. Then the same
# three drain a backlog already in the queue. CPU from /proc: the three
# beam.smp (Erlang) processes and the hubs. Prints a Markdown table.
#   bench/fleet.sh                     # N=1000 devices x SIM_S=1000 s = 100,000 batches
#   N=500 SIM_S=600 bench/fleet.sh
#   STORE=postgresql N=200 SIM_S=500 bench/fleet.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${PG_BUILD_DIR:-$ROOT/build}"
N="${N:-1000}"
SIM_S="${SIM_S:-1000}"
BATCH_S="${BATCH_S:-10}"
K="${K:-20}"               # publisher connections
PREFETCH="${PREFETCH:-512}"
STORE="${STORE:-sqlite}"
WORK="$(mktemp -d /tmp/pg-fleet-bench.XXXXXX)"
CL="$WORK/cluster"
HUBS=()
cleanup() {
  for p in "${HUBS[@]}" ${DRAIN_PID:-}; do kill "$p" 2>/dev/null || true; done
  "$ROOT/scripts/fleet/cluster.sh" stop "$CL" >/dev/null 2>&1 || true
  [[ $STORE != postgresql ]] || "$ROOT/scripts/fleet/warehouse.sh" stop "$WORK/pg" >/dev/null 2>&1 || true
  rm -rf "$WORK"
}
trap cleanup EXIT
hz=$(getconf CLK_TCK)
msgs=$((N * SIM_S / BATCH_S))

# A free block of 41 ports for cluster.sh.
port0=$(python3 - <<'PY'
import random, socket
for _ in range(200):
    b = random.randrange(200, 320) * 100
    ok = True
    for p in range(b, b + 41):
        s = socket.socket()
        try: s.bind(("127.0.0.1", p))
        except OSError: ok = False
        finally: s.close()
        if not ok: break
    if ok: print(b); break
PY
)
PG_FLEET_ERL_ARGS="${PG_FLEET_ERL_ARGS:-+S 2:2 +sbwt none +sbwtdcpu none +sbwtdio none}" \
  "$ROOT/scripts/fleet/cluster.sh" start "$CL" "$port0" >"$WORK/cluster.log"
URLS=$(cat "$CL/amqp-urls")
URL1=${URLS%%,*}
PW=$(cat "$CL/hub.password")
if [[ $STORE == postgresql ]]; then
  PGPORT=$((port0 + 45))  # past the cluster's block of 41
  mkdir -p "$WORK/pg"
  chmod 755 "$WORK"
  "$ROOT/scripts/fleet/warehouse.sh" start "$WORK/pg" "$PGPORT" >/dev/null
fi
mqtt=$((port0 + 10))

beam_ticks() {  # utime+stime of every process of the three nodes
  local t=0 pid
  for n in 1 2 3; do
    for pid in $(ps -o pid= -g "$(cat "$CL/node$n/server.pid")"); do
      t=$((t + $(awk '{print $14 + $15}' "/proc/$pid/stat" 2>/dev/null || echo 0)))
    done
  done
  echo $t
}
ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
now() { date +%s.%N; }
publish() {  # $1 = seed: a fresh stream (other device-days) each run
  "$BUILD/bench/pg-load" --broker "127.0.0.1:$mqtt" --username pg-hub --password "$PW" -n "$N" -k "$K" \
    --duration "$SIM_S" --batch "$BATCH_S" --speed 0 --qos 1 --seed "$1" --t0 $((1700000000000 + $1 * 86400000)) \
    --summary "$WORK/pub-$1.json" >/dev/null
}
stored() {
  if [[ $1 == postgresql://* ]]; then
    psql -X -At "$1" -c "SELECT count(*) FROM batches" 2>/dev/null || echo 0
  else
    sqlite3 "file:$1?mode=ro" "SELECT count(*) FROM batches" 2>/dev/null || echo 0
  fi
}
# The warehouse server's CPU (every postgres process of its data dir); 0 on SQLite.
store_ticks() {
  [[ $STORE == postgresql ]] || { echo 0; return; }
  local t=0 p
  for p in $(pgrep -x postgres); do t=$((t + $(ticks "$p" 2>/dev/null || echo 0))); done
  echo $t
}
new_store() {  # $1 = name: an empty store for one run
  if [[ $STORE == postgresql ]]; then
    psql -X -q -h 127.0.0.1 -p "$PGPORT" -U postgres -d postgres -c "CREATE DATABASE $1"
    echo "postgresql://postgres@127.0.0.1:$PGPORT/$1"
  else
    echo "$WORK/$1.db"
  fi
}
start_hubs() {  # $1 = count, $2 = db: scripts/fleet/hubs.sh, pids from its files
  PG_HUB="$BUILD/hub/pg-hub" "$ROOT/scripts/fleet/hubs.sh" start "$CL" "$1" "$2" --prefetch "$PREFETCH" >/dev/null
  HUBS=()
  for f in "$CL"/hubs/hub-*.pid; do HUBS+=("$(cat "$f")"); done
}
wait_stored() {  # $1 = db, $2 = count
  for _ in $(seq 6000); do (($(stored "$1") >= $2)) && return 0; sleep 0.05; done
  echo "fleet: only $(stored "$1") of $2 batches stored" >&2; return 1
}
hub_ticks() { local t=0; for p in "${HUBS[@]}"; do t=$((t + $(ticks "$p"))); done; echo $t; }
stop_hubs() { "$ROOT/scripts/fleet/hubs.sh" stop "$CL"; HUBS=(); }
row() {  # name mode t0 t1 beam_ticks hub_ticks publisher-summary store_ticks
  python3 -c "import json, sys; n,m,t0,t1,b,h,f,st=sys.argv[1:9]; s=float(t1)-float(t0); p=json.load(open(f))
M, S = p['batches'], p['samples']
print(f'{n}|{m}|{M/s:.0f}|{S/s:.0f}|{int(b)/$hz/M*1e6:.1f}|{int(h)/$hz/M*1e6:.1f}|{int(st)/$hz/M*1e6:.1f}')" "$@" >>"$WORK/rows"
}

seed=1
for mode in live backlog; do
  # Broker only.
  [[ $mode == backlog ]] && { publish $seed; }
  b0=$(beam_ticks)
  t0=$(now)
  "$BUILD/bench/pg-amqp-drain" --amqp "$URL1" --prefetch "$PREFETCH" --expect "$msgs" --idle 60 \
    --summary "$WORK/drain.json" >"$WORK/drain.out" 2>&1 &
  DRAIN_PID=$!
  for _ in $(seq 300); do grep -q ready "$WORK/drain.out" && break; sleep 0.1; done
  [[ $mode == live ]] && { t0=$(now); publish $seed; }
  wait "$DRAIN_PID"; DRAIN_PID=
  t1=$(now)
  row broker "$mode" "$t0" "$t1" $(($(beam_ticks) - b0)) 0 "$WORK/pub-$seed.json" 0
  seed=$((seed + 1))
  for h in 1 2; do
    db=$(new_store "hub_${mode}_$h")
    store_opt=(--db "$db")
    [[ $STORE != postgresql ]] || store_opt=(--store-url "$db")
    "$BUILD/hub/pg-hub" "${store_opt[@]}" prune >/dev/null 2>&1  # creates and migrates it first
    [[ $mode == backlog ]] && publish $seed
    b0=$(beam_ticks)
    s0=$(store_ticks)
    t0=$(now)
    start_hubs "$h" "$db"  # hub CPU counts from their start: opening and connecting are in it
    [[ $mode == live ]] && { t0=$(now); publish $seed; }
    wait_stored "$db" "$msgs"
    t1=$(now)
    row "hub$h" "$mode" "$t0" "$t1" $(($(beam_ticks) - b0)) "$(hub_ticks)" "$WORK/pub-$seed.json" $(($(store_ticks) - s0))
    stop_hubs
    seed=$((seed + 1))
  done
done

echo "fleet: $N devices x $SIM_S s / $BATCH_S s batches = $msgs messages per run ($(nproc) cores, prefetch $PREFETCH, store $STORE)"
echo
echo "| consumer | stream | msgs/s | samples/s | broker CPU µs/msg | hub CPU µs/msg | store CPU µs/msg |"
echo "|---|---|---|---|---|---|---|"
awk -F'|' '{printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $2, $3, $4, $5, $6, $7}' "$WORK/rows"
python3 - "$WORK/rows" <<'PY'
import sys
rows = {}
for line in open(sys.argv[1]):
    n, m, r, s, b, h, st = line.strip().split("|")
    rows[(n, m)] = (float(r), float(b), float(h), float(st))
print()
for m in ("live", "backlog"):
    base = rows[("broker", m)][0]
    print(f"{m}: hub1/broker {rows[('hub1', m)][0] / base:.2f}, hub2/broker {rows[('hub2', m)][0] / base:.2f}")
# Capacity at the edge defaults: a 10 s batch (about 16.7 samples at 600 ms) per device.
b = rows[("hub1", "live")][1]
h = rows[("hub1", "live")][2]
st = rows[("hub1", "live")][3]
print()
print("| devices | batches/s | broker cores | hub cores | store cores |")
print("|---|---|---|---|---|")
for d in (10_000, 100_000):
    rate = d / 10
    print(f"| {d:,} | {rate:,.0f} | {rate * b / 1e6:.2f} | {rate * h / 1e6:.2f} | {rate * st / 1e6:.2f} |")
PY
