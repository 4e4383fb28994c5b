#!/usr/bin/env bash
# Configures and builds into build/ (or $PG_BUILD_DIR). Extra arguments go to cmake.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="${PG_BUILD_DIR:-$root/build}"
werror=OFF
[[ -n "${CI:-}" ]] && werror=ON
mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja -DPG_WERROR="$werror" "$@" >"$build/configure.log" 2>&1 || {
  cat "$build/configure.log" >&2; exit 1; }
# The configure summary says which optional backends this build has.
sed -n '/configuration summary/,/^-- $/p' "$build/configure.log"
cmake --build "$build" -j"$(nproc)"
