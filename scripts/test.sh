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
# opt-in with PG_TEST_TRIXIE=1 (root, mmdebstrap, ~3 GB, ~25 minutes). The VM
# test above already builds, installs and runs the packages on Debian 13.
if [[ "${PG_TEST_TRIXIE:-}" == 1 ]]; then "$root/scripts/trixie.sh"; fi
