#!/usr/bin/env bash
# End-to-end throughput, latency and cost of pg-hub against the broker's own limit
# (bench/RESULTS.md "End to end"). Everything on loopback, every wait bounded.
#   bench/e2e.sh                 # throughput run + 10,000-device hold
#   N=1000 SIM_S=400 HOLD_S=90 K=10 bench/e2e.sh
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${PG_BUILD_DIR:-$ROOT/build}"
N="${N:-1000}"            # devices in the throughput run
K="${K:-10}"              # publisher connections
SIM_S="${SIM_S:-400}"     # simulated seconds per device (N*SIM_S/BATCH_S batches)
BATCH_S="${BATCH_S:-10}"
HOLD_N="${HOLD_N:-10000}" # devices in the live hold at the default cadence
HOLD_S="${HOLD_S:-90}"    # real seconds of the hold (0 skips it)
HUB_ARGS=(${HUB_ARGS:-})
WORK="$(mktemp -d /tmp/pg-e2e.XXXXXX)"
source "$ROOT/bench/e2e_lib.sh"
trap 'stop_pid "${HUB_PID:-}"; stop_pid "${COUNT_PID:-}"; stop_pid "${BROKER_PID:-}"' EXIT
LOAD="$BUILD/bench/pg-load"
hz=$(getconf CLK_TCK)
start_broker
stream=(--broker "127.0.0.1:$PORT" -n "$N" -k "$K" --duration "$SIM_S" --batch "$BATCH_S" --speed 0 --qos 1)
msgs=$(( N * (SIM_S * 1000 / (BATCH_S * 1000)) ))

# 1. Broker only: the same stream into a subscriber that only counts.
"$LOAD" --count-only --broker "127.0.0.1:$PORT" --expect "$msgs" --idle 20 --summary "$WORK/count.json" \
  >"$WORK/count.out" 2>&1 &
COUNT_PID=$!
for _ in $(seq 200); do grep -q ready "$WORK/count.out" && break; sleep 0.05; done
"$LOAD" "${stream[@]}" --summary "$WORK/pub-broker.json" >/dev/null
wait "$COUNT_PID"; COUNT_PID=

# 2. The hub, same stream, fresh database.
start_hub "$WORK/hub.db"
c0=$(cpu_ticks "$HUB_PID"); t0=$(date +%s.%N)
"$LOAD" "${stream[@]}" --latency-db "$WORK/hub.db" --drain 300 --summary "$WORK/pub-hub.json" >/dev/null
c1=$(cpu_ticks "$HUB_PID"); t1=$(date +%s.%N)
hwm=$(vm_kb "$HUB_PID" VmHWM)
stop_pid "$HUB_PID"; HUB_PID=
# After a clean stop the WAL is checkpointed and gone: the file is what the data costs.
db_bytes=$(( $(stat -c %s "$WORK/hub.db") + $(stat -c %s "$WORK/hub.db-wal" 2>/dev/null || echo 0) ))

j() { jq -r "$2" "$WORK/$1"; }
hub_mps=$(j pub-hub.json .hub_batches_per_s); broker_mps=$(j count.json .msgs_per_s)
echo "== throughput: $N devices x $SIM_S simulated s, $BATCH_S s batches, $K connections, QoS 1, max rate"
printf '%-34s %s\n' \
  "batches published / stored" "$(j pub-hub.json .batches) / $(j pub-hub.json .hub_batches) (not in marts: $(j pub-hub.json .not_visible))" \
  "broker-only msgs/s" "$(printf %.0f "$broker_mps") (counted $(j count.json .messages))" \
  "hub batches/s" "$(printf %.0f "$hub_mps")" \
  "hub samples/s" "$(printf %.0f "$(j pub-hub.json .hub_samples_per_s)")" \
  "ratio hub / broker-only" "$(python3 -c "print(round($hub_mps / $broker_mps, 3))")" \
  "edge->mart latency p50 / p99 ms" "$(j pub-hub.json .latency_p50_ms) / $(j pub-hub.json .latency_p99_ms)" \
  "hub CPU (share of one core)" "$(python3 -c "print(f'{($c1-$c0)/$hz/($t1-$t0)*100:.0f} %')")" \
  "hub peak RSS (VmHWM)" "$((hwm / 1024)) MB" \
  "DB bytes per device-day" "$(python3 -c "print(round($db_bytes / ($N * $SIM_S / 86400)))") ($db_bytes bytes)" \
  "wire bytes per sample" "$(printf %.2f "$(j pub-hub.json .bytes_per_sample)")"

# 3. HOLD_N devices live at the default cadence (600 ms, 10 s batches).
if (( HOLD_S > 0 )); then
  start_hub "$WORK/hold.db"
  c0=$(cpu_ticks "$HUB_PID"); t0=$(date +%s.%N)
  "$LOAD" --broker "127.0.0.1:$PORT" -n "$HOLD_N" -k 100 --duration "$HOLD_S" --batch 10 --cadence 600 --speed 1 \
    --latency-db "$WORK/hold.db" --drain 60 --summary "$WORK/hold.json" >/dev/null
  c1=$(cpu_ticks "$HUB_PID"); t1=$(date +%s.%N)
  echo "== hold: $HOLD_N devices, 600 ms cadence, 10 s batches, $HOLD_S s live"
  printf '%-34s %s\n' \
    "batches/s offered / stored" "$(python3 -c "print(round($(j hold.json .batches)/$HOLD_S))") / $(printf %.0f "$(j hold.json .hub_batches_per_s)")" \
    "samples/s stored" "$(printf %.0f "$(j hold.json .hub_samples_per_s)")" \
    "edge->mart latency p50 / p99 ms" "$(j hold.json .latency_p50_ms) / $(j hold.json .latency_p99_ms)" \
    "backlog (batches not in marts) @s" "$(jq -c '[.backlog[] | select((.[0]|floor) % 15 == 0) | "\(.[0]|floor):\(.[1])"]' "$WORK/hold.json")" \
    "hub CPU (share of one core)" "$(python3 -c "print(f'{($c1-$c0)/$hz/($t1-$t0)*100:.0f} %')")" \
    "hub peak RSS (VmHWM)" "$(( $(vm_kb "$HUB_PID" VmHWM) / 1024 )) MB"
fi
echo "(work files in $WORK)"
