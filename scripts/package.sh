#!/usr/bin/env bash
# Builds the Debian packages postureguard-edge and postureguard-hub (CPack DEB,
# scripts/packaging/) and shows their control data and file lists.
#
#   scripts/package.sh                          this machine's release and architecture
#   scripts/package.sh --arm64 [--release R]    arm64 via scripts/cross-build.sh (R: bookworm, trixie)
#   scripts/package.sh --build-dir DIR          package an already built tree (configured with
#                                               -DCMAKE_INSTALL_PREFIX=/usr)
#
# The .debs land in $PG_DEB_DIR (default build-deb/), named
# postureguard-{edge,hub}_<version>-1~deb12|deb13_<arch>.deb.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${PG_DEB_DIR:-$root/build-deb}"
jobs="${PG_JOBS:-$(nproc)}"
build="" arm64=0 release_args=()
while (($#)); do
  case "$1" in
    --build-dir) build="${2:?--build-dir needs a directory}"; shift 2 ;;
    --arm64) arm64=1; shift ;;
    --release) release_args=(--release "${2:?--release needs bookworm or trixie}"); shift 2 ;;
    -h|--help) sed -n '2,11p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "package: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done

if ((arm64)); then
  # cross-build.sh calls back here with --build-dir once the arm64 tree is built.
  exec "$root/scripts/cross-build.sh" "${release_args[@]}" --package
fi

if [[ -z "$build" ]]; then
  build="$root/build-package-$(dpkg --print-architecture)"
  mkdir -p "$build"
  # Packages need the /usr prefix baked into the binaries (data dir) and units;
  # tests and benchmarks are not packaged, so they are not built here.
  # Through ccache when it is there: the VM test (scripts/vm/run.sh) packages
  # every run, and most runs change a few files.
  launcher=()
  if command -v ccache >/dev/null; then
    launcher=(-DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache)
  fi
  cmake -S "$root" -B "$build" -G Ninja -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DPG_WERROR=ON -DPG_BUILD_TESTS=OFF -DPG_BUILD_BENCH=OFF "${launcher[@]}" >"$build/configure.log" 2>&1 || {
    cat "$build/configure.log" >&2; exit 1; }
  grep -E 'libcamera source|libgpiod indicator|packages:' "$build/configure.log" || true
  cmake --build "$build" -j"$jobs"
fi
[[ -f "$build/CPackConfig.cmake" ]] || {
  echo "package: $build has no package target (configure with -DCMAKE_INSTALL_PREFIX=/usr)" >&2; exit 1; }

rm -rf "$build/deb"
(cd "$build" && cpack -G DEB >/dev/null)
mkdir -p "$out"
for deb in "$build"/deb/*.deb; do
  cp "$deb" "$out/"
  echo "== $out/$(basename "$deb")"
  dpkg-deb --info "$deb"
  dpkg-deb --contents "$deb"
done
