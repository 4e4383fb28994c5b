#!/usr/bin/env bash
# Adds or updates a broker user in a password file: a device id in the devices'
# file (the default), or the hub's user in the hub's own file, which only the
# hub's listeners read (see mosquitto.conf):
#   add-user.sh desk-1
#   add-user.sh pg-hub /etc/mosquitto/postureguard-hub.passwd
# The password is read from stdin or prompted for, never taken from the command line.
set -euo pipefail
name="${1:?usage: add-user.sh NAME [PASSWORD_FILE]}"
file="${2:-/etc/mosquitto/postureguard.passwd}"
if [[ "$name" == pg-hub* && "$file" == /etc/mosquitto/postureguard.passwd ]]; then
  echo "add-user: '$name' looks like the hub: give the hub's file, /etc/mosquitto/postureguard-hub.passwd" >&2
  exit 2
fi
if [[ ! "$name" =~ ^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$ ]]; then
  echo "add-user: '$name' is not a valid device id (letters, digits, '-', '_'; up to 64)" >&2
  exit 2
fi
if [[ -t 0 ]]; then
  read -rsp "password for $name: " pw; echo
else
  read -r pw
fi
[[ -n "$pw" ]] || { echo "add-user: empty password" >&2; exit 2; }
[[ -f "$file" ]] || { install -m 600 /dev/null "$file"; }
mosquitto_passwd -b "$file" "$name" "$pw"
echo "add-user: $name is in $file; reload the broker: systemctl reload mosquitto"
