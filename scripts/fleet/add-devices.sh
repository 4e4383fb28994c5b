#!/usr/bin/env bash
# Creates MQTT users for devices, one per device id, in one call: each may
# publish and subscribe only under postureguard/<its id>/ (RabbitMQ topic
# authorisation on amq.topic; {username} is expanded by the broker), publish
# its own Home Assistant discovery (homeassistant/device/<its id>/config) and
# read homeassistant/status, and own only its MQTT session queue. RabbitMQ
# closes the whole connection on a refused subscription (mosquitto only
# refuses the subscription), so every topic the edge uses must be allowed.
# The edge logs in with mqtt.username = its device id and mqtt.password.
# Usage: add-devices.sh BASE_DIR DEVICE:PASSWORD...
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
base="${1:?usage: add-devices.sh BASE_DIR DEVICE:PASSWORD...}"
shift
(($# > 0)) || { echo "add-devices.sh: no DEVICE:PASSWORD given" >&2; exit 2; }
p="${PG_FLEET_PREFIX:-postureguard}"
defs="$base/devices.json"
# rabbit_password_hashing_sha256: base64(salt4 + sha256(salt4 + password)).
python3 - "$p" "$@" >"$defs" <<'PY'
import base64, hashlib, json, os, re, sys
prefix, pairs = sys.argv[1], sys.argv[2:]
users, perms, topics = [], [], []
for pair in pairs:
    dev, sep, pw = pair.partition(":")
    if not sep or not re.fullmatch(r"[A-Za-z0-9_-]{1,64}", dev) or not pw:
        sys.exit(f"add-devices.sh: '{pair}' is not DEVICE:PASSWORD (device: letters, digits, - or _)")
    salt = os.urandom(4)
    h = base64.b64encode(salt + hashlib.sha256(salt + pw.encode()).digest()).decode()
    users.append({"name": dev, "password_hash": h, "hashing_algorithm": "rabbit_password_hashing_sha256", "tags": ""})
    q = r"^mqtt-subscription-pg-edge-" + re.escape(dev) + r"qos[01]$"
    perms.append({"user": dev, "vhost": "postureguard", "configure": q,
                  "write": r"^amq\.topic$|" + q, "read": r"^amq\.topic$|" + q})
    own = "^" + re.escape(prefix) + r"\.{username}\."
    topics.append({"user": dev, "vhost": "postureguard", "exchange": "amq.topic",
                   "write": own + r"|^homeassistant\.device\.{username}\.config$",
                   "read": own + r"|^homeassistant\.status$"})
print(json.dumps({"users": users, "permissions": perms, "topic_permissions": topics}, indent=1))
PY
"$here/cluster.sh" ctl "$base" 1 import_definitions "$defs" >/dev/null
echo "add-devices: $# device user(s) added"
