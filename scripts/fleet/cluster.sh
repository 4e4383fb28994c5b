#!/usr/bin/env bash
# A 3-node RabbitMQ cluster on loopback for the fleet path (README "Fleet setup"):
# MQTT for the edges (plain and TLS), AMQP for the hubs, the queues declared
# before any device publishes.
#
#   cluster.sh start BASE_DIR [BASE_PORT]   start nodes pg1..pg3, wait for the cluster, declare
#   cluster.sh stop BASE_DIR                stop the nodes (SIGTERM, then SIGKILL) and their epmd
#   cluster.sh start-node BASE_DIR N        start node N again (after a kill) and wait for it
#   cluster.sh start-all BASE_DIR           start all three again after all were down
#   cluster.sh kill-node BASE_DIR N         kill -9 node N (a crashed host)
#   cluster.sh ctl BASE_DIR N ARGS...       rabbitmqctl against node N
#   cluster.sh leader BASE_DIR [QUEUE]      the node number (1..3) leading a quorum queue
#
# Ports from BASE_PORT (default 25600): AMQP +0..2, MQTT +10..12, MQTT over TLS
# +20..22, Erlang distribution +30..32, epmd +40 (its own, so several clusters
# and a system RabbitMQ never meet). BASE_DIR gets the cookie, the CA
# (ca.crt, for the edges' mqtt.cafile), one directory per node, `ports`, and
# `amqp-urls` with the hubs' user (hub.password).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
rmq=/usr/lib/rabbitmq/bin
cmd="${1:?usage: cluster.sh start|stop|start-node|kill-node|ctl|leader BASE_DIR ...}"
base="${2:?BASE_DIR missing}"
mkdir -p "$base"
base="$(cd "$base" && pwd)"

if [[ -f "$base/ports" ]]; then port0=$(cat "$base/ports"); else port0="${3:-25600}"; fi
export HOME="$base" ERL_EPMD_ADDRESS=127.0.0.1 ERL_EPMD_PORT=$((port0 + 40))
export RABBITMQ_CONF_ENV_FILE="$base/rabbitmq-env.conf"
node_name() { echo "pg$1@localhost"; }

# The environment one node runs with; everything it writes stays under $base/nodeN.
node_env() {
  local n=$1 d="$base/node$1"
  export RABBITMQ_NODENAME="$(node_name "$n")" RABBITMQ_USE_LONGNAME=false
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1 RABBITMQ_NODE_PORT=$((port0 + n - 1))
  export RABBITMQ_DIST_PORT=$((port0 + 30 + n - 1))
  export RABBITMQ_CONFIG_FILE="$d/rabbitmq.conf" RABBITMQ_ADVANCED_CONFIG_FILE="$d/advanced.config"
  export RABBITMQ_MNESIA_BASE="$d/mnesia" RABBITMQ_LOG_BASE="$d/log" RABBITMQ_PID_FILE="$d/pid"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$base/enabled_plugins" RABBITMQ_PLUGINS_EXPAND_DIR="$d/plugins"
  export ERL_CRASH_DUMP="$d/erl_crash.dump"
  # One scheduler without busy-waiting: three nodes share a small machine.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="${PG_FLEET_ERL_ARGS:-+S 1:1 +sbwt none +sbwtdcpu none +sbwtdio none}"
}

write_config() {
  local n=$1 d="$base/node$1"
  mkdir -p "$d"
  cat >"$d/rabbitmq.conf" <<EOF
listeners.tcp.default = 127.0.0.1:$((port0 + n - 1))
mqtt.listeners.tcp.default = 127.0.0.1:$((port0 + 10 + n - 1))
mqtt.listeners.ssl.default = 127.0.0.1:$((port0 + 20 + n - 1))
ssl_options.cacertfile = $base/tls/ca.crt
ssl_options.certfile = $base/tls/broker.crt
ssl_options.keyfile = $base/tls/broker.key
ssl_options.verify = verify_none
ssl_options.fail_if_no_peer_cert = false
# Devices log in as themselves; topic permissions keep each under its prefix.
mqtt.allow_anonymous = false
mqtt.vhost = postureguard
mqtt.exchange = amq.topic
default_vhost = postureguard
default_user = pg-hub
default_pass = $(cat "$base/hub.password")
default_permissions.configure = .*
default_permissions.read = .*
default_permissions.write = .*
loopback_users = none
cluster_formation.peer_discovery_backend = classic_config
cluster_formation.classic_config.nodes.1 = $(node_name 1)
cluster_formation.classic_config.nodes.2 = $(node_name 2)
cluster_formation.classic_config.nodes.3 = $(node_name 3)
cluster_partition_handling = pause_minority
vm_memory_high_watermark.absolute = ${PG_FLEET_NODE_MEMORY:-400MB}
disk_free_limit.absolute = 50MB
log.file.level = warning
log.console = false
EOF
}

start_node() {
  local n=$1
  ( node_env "$n"; exec setsid "$rmq/rabbitmq-server" >>"$base/node$n/stdout.log" 2>&1 ) &
  echo $! >"$base/node$n/server.pid"
}

# await_startup returns at once while the node has not registered with epmd yet.
wait_node() {
  local n=$1 end=$((SECONDS + ${2:-120}))
  while ((SECONDS < end)); do
    (node_env "$n"; "$rmq/rabbitmqctl" -q -n "$(node_name "$n")" await_startup --timeout 30 >/dev/null 2>&1) && return 0
    kill -0 "$(cat "$base/node$n/server.pid")" 2>/dev/null || break
    sleep 1
  done
  echo "cluster: node $n did not start; see $base/node$n/log and stdout.log" >&2
  return 1
}

ctl() { local n=$1; shift; (node_env "$n"; "$rmq/rabbitmqctl" -q -n "$(node_name "$n")" "$@"); }

kill_node() {
  local f="$base/node$1/server.pid"
  [[ -f "$f" ]] || return 0
  # The server runs in its own session: its Erlang VM and helpers go with it.
  kill -9 -- "-$(cat "$f")" 2>/dev/null || true
  rm -f "$f"
}

stop_all() {
  for n in 1 2 3; do
    f="$base/node$n/server.pid"
    [[ -f "$f" ]] && kill -TERM -- "-$(cat "$f")" 2>/dev/null || true
  done
  for _ in $(seq 50); do
    alive=0
    for n in 1 2 3; do f="$base/node$n/server.pid"; [[ -f "$f" ]] && kill -0 -- "-$(cat "$f")" 2>/dev/null && alive=1; done
    ((alive)) || break
    sleep 0.2
  done
  for n in 1 2 3; do kill_node "$n"; done
  # The epmd of this cluster only: it listens on this cluster's own port.
  epmd -port "$ERL_EPMD_PORT" -kill >/dev/null 2>&1 || true
}

case "$cmd" in
start)
  [[ -f "$base/ports" ]] || echo "$port0" >"$base/ports"
  [[ -f "$base/.erlang.cookie" ]] || { openssl rand -hex 20 >"$base/.erlang.cookie"; chmod 400 "$base/.erlang.cookie"; }
  [[ -f "$base/hub.password" ]] || openssl rand -hex 12 >"$base/hub.password"
  [[ -f "$base/tls/ca.crt" ]] || "$here/../broker/make-test-ca.sh" "$base/tls" localhost >/dev/null
  cp "$base/tls/ca.crt" "$base/ca.crt"
  echo '[rabbitmq_mqtt].' >"$base/enabled_plugins"
  : >"$RABBITMQ_CONF_ENV_FILE"
  # One after another on the first start: the MQTT plugin's client-id registry
  # forms as nodes join, and a node started together with the others can miss
  # it (it then refuses MQTT logins: "client ID registration timed out").
  # A start that fails leaves nothing running.
  trap 'stop_all' ERR
  for n in 1 2 3; do write_config "$n"; start_node "$n"; wait_node "$n"; done
  ctl 1 await_online_nodes 3 >/dev/null
  "$here/declare.sh" "$base"
  trap - ERR
  pw=$(cat "$base/hub.password")
  for n in 1 2 3; do echo "amqp://pg-hub:$pw@127.0.0.1:$((port0 + n - 1))/postureguard"; done \
    | paste -sd, >"$base/amqp-urls"
  echo "cluster: 3 nodes up; AMQP $port0-$((port0 + 2)), MQTT $((port0 + 10))-$((port0 + 12)), MQTT/TLS $((port0 + 20))-$((port0 + 22))"
  ;;
start-node) write_config "$3"; start_node "$3"; wait_node "$3" "${4:-180}" ;;
# After all nodes were down: together, since each waits for the others' tables.
start-all) for n in 1 2 3; do write_config "$n"; start_node "$n"; done; for n in 1 2 3; do wait_node "$n" 300; done ;;
kill-node) kill_node "$3" ;;
ctl) n=$3; shift 3; ctl "$n" "$@" ;;
leader)
  q="${3:-postureguard.batches}"
  for n in 1 2 3; do
    l=$(ctl "$n" list_queues -p postureguard name leader 2>/dev/null | awk -v q="$q" '$1 == q {print $2}') || continue
    [[ -n "$l" ]] && { echo "${l:2:1}"; exit 0; }
  done
  echo "cluster: no node answers for $q" >&2; exit 1
  ;;
stop) stop_all ;;
*) echo "cluster.sh: unknown command $cmd" >&2; exit 2 ;;
esac
