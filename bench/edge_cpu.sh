#!/usr/bin/env bash
# CPU share of the whole pg-edge process at the default 600 ms cadence, over
# SECONDS_MEASURED of a real-time simulation (the user upright at the desk),
# publishing to a private mosquitto on loopback. Reads utime+stime of the
# process (all threads) from /proc/<pid>/stat after a warm-up.
#
#   bench/edge_cpu.sh [BUILD_DIR] [ANALYZER]     defaults: build, blazeface
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${1:-$root/build}"
analyzer="${2:-blazeface}"
measure="${SECONDS_MEASURED:-60}"
warmup=5
edge="$build/edge/pg-edge"
[[ -x "$edge" ]] || { echo "edge_cpu: $edge not built" >&2; exit 2; }

work="$(mktemp -d)"
port=$((20000 + RANDOM % 20000))
printf 'listener %d 127.0.0.1\nallow_anonymous true\npersistence false\n' "$port" > "$work/mosquitto.conf"
mosquitto -c "$work/mosquitto.conf" > "$work/mosquitto.log" 2>&1 &
broker=$!
printf '[analysis]\nanalyzer = "%s"\n' "$analyzer" > "$work/edge.toml"
"$edge" run --config "$work/edge.toml" --source sim:upright --speed real --broker "127.0.0.1:$port" \
  --state-dir "$work/state" --device cpu-bench --log-level warn > "$work/edge.log" 2>&1 &
edge_pid=$!
cleanup() {
  kill "$edge_pid" 2>/dev/null || true
  wait "$edge_pid" 2>/dev/null || true
  kill "$broker" 2>/dev/null || true
  wait "$broker" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

ticks() { awk '{print $14 + $15}' "/proc/$edge_pid/stat"; }  # utime + stime, clock ticks
sleep "$warmup"
t0=$(ticks); s0=$(date +%s.%N)
sleep "$measure"
t1=$(ticks); s1=$(date +%s.%N)
hz=$(getconf CLK_TCK)
awk -v a="$t0" -v b="$t1" -v s="$s0" -v e="$s1" -v hz="$hz" -v an="$analyzer" \
  'BEGIN { cpu = (b - a) / hz; wall = e - s;
           printf "pg-edge (%s, cadence 600ms): %.2f s CPU over %.1f s = %.2f %% of one core\n", an, cpu, wall, 100 * cpu / wall }'
