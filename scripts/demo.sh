#!/usr/bin/env bash
# The whole system on this machine: installs what is missing, builds, starts a
# local mosquitto, the hub and an edge on the simulated camera (several days at
# --speed max), waits until the hub has every batch, and prints the reports.
# Stops exactly the processes it started. DEMO_DAYS / DEMO_CADENCE tune the run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
days="${DEMO_DAYS:-7}"
cadence="${DEMO_CADENCE:-20s}"

"$root/scripts/setup.sh"
"$root/scripts/build.sh" >/dev/null
bin="${PG_BUILD_DIR:-$root/build}"
edge="$bin/edge/pg-edge" hub="$bin/hub/pg-hub" report="$bin/hub/pg-report"

work="$(mktemp -d /tmp/postureguard-demo.XXXXXX)"
chmod 755 "$work"
mkdir -m 777 "$work/broker"   # mosquitto drops root privileges to its own user
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# A free loopback port: nothing must answer on it.
port=""
for candidate in $(shuf -i 20000-60000 -n 50); do
  if ! (exec 3<>"/dev/tcp/127.0.0.1/$candidate") 2>/dev/null; then port=$candidate; break; fi
done
[[ -n "$port" ]] || { echo "demo: no free loopback port found" >&2; exit 1; }

sed -e "s|@PORT@|$port|g" -e "s|@DIR@|$work/broker|g" "$root/scripts/mosquitto-demo.conf" >"$work/broker/mosquitto.conf"
/usr/sbin/mosquitto -c "$work/broker/mosquitto.conf" >"$work/broker/mosquitto.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
echo "demo: mosquitto on 127.0.0.1:$port (pid ${pids[0]}), files in $work"

"$hub" --db "$work/hub.db" --broker "127.0.0.1:$port" >"$work/hub.log" 2>&1 &
pids+=($!)
echo "demo: pg-hub storing into $work/hub.db (pid ${pids[1]})"

echo "demo: pg-edge replays $days simulated workdays at --speed max, one analysed frame every $cadence ..."
start=$SECONDS
"$edge" --config "$root/scripts/demo-edge.toml" --source "sim:workday,days=$days" --cadence "$cadence" \
  --speed max --broker "127.0.0.1:$port" --state-dir "$work/edge-state" --summary "$work/summary.json" \
  2>"$work/edge.log"
samples=$(jq -r .samples "$work/summary.json")
echo "demo: the edge analysed $(jq -r .frames "$work/summary.json") frames in $((SECONDS - start)) s and" \
  "sent $samples samples in $(jq -r .batches "$work/summary.json") batches ($(jq -r .bytes "$work/summary.json") bytes)"

stored=0
for _ in $(seq 600); do
  stored=$("$report" --db "$work/hub.db" devices --json 2>/dev/null | jq -r '[.[] | select(.device=="desk-demo") | .samples] | add // 0') || stored=0
  [[ "$stored" -ge "$samples" ]] && break
  sleep 0.1
done
[[ "$stored" -eq "$samples" ]] || { echo "demo: the hub stored $stored of $samples samples" >&2; exit 1; }
echo "demo: the hub stored all $stored samples"
sleep 1  # the hub refreshes its marts every 250 ms
echo
for view in day week calendar; do
  "$report" --db "$work/hub.db" --device desk-demo "$view"
  echo
done
echo "demo: explore further with: $report --db $work/hub.db --help"
