#!/usr/bin/env bash
# Installs every Debian package the project uses (scripts/packages.txt), then
# fetches the BlazeFace face model (scripts/fetch-models.sh). Idempotent and quiet
# when everything is already there; needs root to install.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

mapfile -t wanted < <(grep -v '^\s*#' "$here/packages.txt" | grep -v '^\s*$')
missing=()
for p in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done

if ((${#missing[@]} > 0)); then
  echo "setup: installing ${#missing[@]} package(s): ${missing[*]}"
  sudo=""
  if [[ $(id -u) -ne 0 ]]; then
    command -v sudo >/dev/null || { echo "setup: run as root (or install sudo) to install packages" >&2; exit 1; }
    sudo="sudo"
  fi
  export DEBIAN_FRONTEND=noninteractive
  $sudo apt-get update -qq
  $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  echo "setup: done"
fi

# The model is optional: without it pg-edge warns and uses the cascade analyzer.
"$here/fetch-models.sh" || echo "setup: BlazeFace model not fetched; pg-edge will use the cascade analyzer" >&2
