#!/usr/bin/env bash
# Installs what is missing, builds, and runs the whole test suite (ctest).
# Exits non-zero on any failure.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/scripts/setup.sh"
"$root/scripts/build.sh"
cd "${PG_BUILD_DIR:-$root/build}"
ctest --output-on-failure -j"$(nproc)" --timeout 900
# The same suite inside a cached Debian 13 root (libgpiod 2.x, libcamera 0.4):
# on by default in CI (CI set), where the root is cached; elsewhere opt-in, as it
# needs root, mmdebstrap and ~3 GB. PG_TEST_TRIXIE=1 runs it, =0 skips it.
if [[ "${PG_TEST_TRIXIE:-${CI:+1}}" == 1 ]]; then "$root/scripts/trixie.sh"; fi
