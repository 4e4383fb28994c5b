# Shared by bench/e2e.sh and bench/soak.sh: a private mosquitto and a hub on
# loopback, bounded waits, and /proc readings. Source it; needs $WORK and $BUILD.

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

start_broker() {  # sets PORT, BROKER_PID
  PORT=$(free_port)
  mkdir -p "$WORK/broker" && chmod 777 "$WORK/broker"
  # Persistence off: we measure delivery, not the broker's disk. The default
  # max_queued_messages (1000) would silently drop QoS 1 batches for a slow hub.
  cat >"$WORK/broker/mosquitto.conf" <<CONF
listener $PORT 127.0.0.1
allow_anonymous true
persistence false
max_queued_messages 1000000
max_inflight_messages 100
log_dest file $WORK/broker/mosquitto.log
log_type error
log_type warning
CONF
  /usr/sbin/mosquitto -c "$WORK/broker/mosquitto.conf" >"$WORK/broker/out.log" 2>&1 &
  BROKER_PID=$!
  for _ in $(seq 100); do (exec 3<>/dev/tcp/127.0.0.1/$PORT) 2>/dev/null && return 0; sleep 0.1; done
  echo "mosquitto did not start" >&2; return 1
}

start_hub() {  # $1 = db; sets HUB_PID
  "$BUILD/hub/pg-hub" --db "$1" --broker "127.0.0.1:$PORT" --client-id pg-hub-bench "${HUB_ARGS[@]}" \
    >"$WORK/hub.log" 2>&1 &
  HUB_PID=$!
  for _ in $(seq 200); do grep -q "subscribed to" "$WORK/hub.log" && return 0; sleep 0.05; done
  echo "pg-hub did not subscribe (see $WORK/hub.log)" >&2; return 1
}

stop_pid() { [[ -n "${1:-}" ]] && kill "$1" 2>/dev/null && for _ in $(seq 100); do kill -0 "$1" 2>/dev/null || return 0; sleep 0.1; done; true; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }      # utime + stime
vm_kb() { awk -v k="$2:" '$1 == k {print $2}' "/proc/$1/status"; }   # VmHWM, VmRSS
fd_count() { ls "/proc/$1/fd" | wc -l; }
