#!/usr/bin/env bash
# Soak: pg-hub under steady live load for MINUTES (default 30), sampling its RSS
# and open fds every 5 s; passes when both stay flat and produced == stored.
#   bench/soak.sh [MINUTES]      N=2000 bench/soak.sh 10
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD="${PG_BUILD_DIR:-$ROOT/build}"
MINUTES="${1:-30}"
N="${N:-2000}"            # devices at the default cadence: N/10 batches/s
HUB_ARGS=(${HUB_ARGS:-})
WORK="$(mktemp -d /tmp/pg-soak.XXXXXX)"
source "$ROOT/bench/e2e_lib.sh"
trap 'stop_pid "${LOAD_PID:-}"; stop_pid "${HUB_PID:-}"; stop_pid "${BROKER_PID:-}"' EXIT
start_broker
start_hub "$WORK/hub.db"
secs=$(( MINUTES * 60 ))
"$BUILD/bench/pg-load" --broker "127.0.0.1:$PORT" -n "$N" -k 50 --duration "$secs" --speed 1 \
  --latency-db "$WORK/hub.db" --drain 60 --summary "$WORK/load.json" >/dev/null &
LOAD_PID=$!
echo "t_s rss_kb fds" >"$WORK/samples.txt"
start=$(date +%s)
while kill -0 "$LOAD_PID" 2>/dev/null && (( $(date +%s) - start < secs + 120 )); do
  echo "$(( $(date +%s) - start )) $(vm_kb "$HUB_PID" VmRSS) $(fd_count "$HUB_PID")" >>"$WORK/samples.txt"
  sleep 5
done
wait "$LOAD_PID"; LOAD_PID=
hwm=$(vm_kb "$HUB_PID" VmHWM)
stop_pid "$HUB_PID"; HUB_PID=
produced=$(jq .batches "$WORK/load.json"); stored=$(sqlite3 -readonly "$WORK/hub.db" 'SELECT count(*) FROM batches')
samples_p=$(jq .samples "$WORK/load.json"); samples_s=$(sqlite3 -readonly "$WORK/hub.db" 'SELECT coalesce(sum(n), 0) FROM sample_blocks')
# Flat = the last quarter's RSS within 10 % (and 8 MB) of the second quarter's; fds unchanged.
python3 - "$WORK/samples.txt" "$produced" "$stored" "$samples_p" "$samples_s" "$hwm" <<'PY'
import sys
rows = [tuple(map(int, l.split())) for l in open(sys.argv[1]).read().splitlines()[1:]]
produced, stored, sp, ss, hwm = map(int, sys.argv[2:7])
q = max(1, len(rows) // 4)
early = max(r[1] for r in rows[q:2 * q]) if len(rows) >= 4 else rows[0][1]
late = max(r[1] for r in rows[-q:])
fds = sorted({r[2] for r in rows[1:]})
rss_ok = late <= max(early * 1.10, early + 8192)
fd_ok = len(fds) <= 2 and fds[-1] - fds[0] <= 1
print(f"samples every 5 s: {len(rows)}; RSS {rows[0][1]//1024} -> {early//1024} (2nd quarter max) -> {late//1024} MB "
      f"(last quarter max), VmHWM {hwm//1024} MB; fds {fds}")
print(f"batches produced {produced} stored {stored}; samples produced {sp} stored {ss}")
ok = rss_ok and fd_ok and produced == stored and sp == ss
print("SOAK", "PASS" if ok else "FAIL", f"(rss flat {rss_ok}, fds flat {fd_ok})")
sys.exit(0 if ok else 1)
PY
echo "(work files in $WORK)"
