#!/usr/bin/env bash
# Declares the fleet's queues on a running cluster (cluster.sh start calls it),
# BEFORE any device publishes: RabbitMQ acknowledges an MQTT publish that
# matches no binding and drops it.
#   postureguard.batches  quorum queue, amq.topic postureguard.*.batch
#                         (MQTT postureguard/<dev>/batch; "/" becomes ".")
#   postureguard.state    quorum queue, one active consumer at a time (the
#                         order of a device's states is kept), postureguard.*.state
#                         and postureguard.*.availability (online, and the Last Will)
# Retained messages live on one node only, so state goes through this queue.
# Usage: declare.sh BASE_DIR   (idempotent; PG_FLEET_PREFIX overrides postureguard)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base="${1:?usage: declare.sh BASE_DIR}"
p="${PG_FLEET_PREFIX:-postureguard}"
defs="$base/definitions.json"
cat >"$defs" <<JSON
{
  "queues": [
    {"name": "$p.batches", "vhost": "postureguard", "durable": true, "auto_delete": false,
     "arguments": {"x-queue-type": "quorum"}},
    {"name": "$p.state", "vhost": "postureguard", "durable": true, "auto_delete": false,
     "arguments": {"x-queue-type": "quorum", "x-single-active-consumer": true}}
  ],
  "bindings": [
    {"source": "amq.topic", "vhost": "postureguard", "destination": "$p.batches",
     "destination_type": "queue", "routing_key": "$p.*.batch", "arguments": {}},
    {"source": "amq.topic", "vhost": "postureguard", "destination": "$p.state",
     "destination_type": "queue", "routing_key": "$p.*.state", "arguments": {}},
    {"source": "amq.topic", "vhost": "postureguard", "destination": "$p.state",
     "destination_type": "queue", "routing_key": "$p.*.availability", "arguments": {}}
  ]
}
JSON
"$here/cluster.sh" ctl "$base" 1 import_definitions "$defs" >/dev/null
echo "declare: $p.batches and $p.state bound on amq.topic"
