#!/usr/bin/env bash
# Cross-builds pg-edge, pg-hub, pg-report and the test suite for arm64 (64-bit
# Raspberry Pi OS / Debian on Pi 3, 4, 5, Zero 2 W) with Debian's
# g++-aarch64-linux-gnu and toolchain/aarch64-linux-gnu.cmake. Needs root the
# first time (mmdebstrap builds the sysroot).
#
#   scripts/cross-build.sh [--release bookworm|trixie] [--test] [--package] [-- CMAKE_ARGS...]
#
#   --release  which Debian's arm64 libraries to build against (default bookworm;
#              trixie = Debian 13 = current Raspberry Pi OS)
#   --test     run the unit tests under qemu-aarch64-static through ctest (the
#              integration tests exec the binaries directly, which needs binfmt_misc,
#              so they are left out, and so are the heavy EndToEnd vision cases
#              unless PG_CROSS_TEST_ALL=1; the benchmarks are not built)
#   --package  build the arm64 .debs into $PG_DEB_DIR (default build-deb/)
#
# The sysroot is made once from Debian's arm64 packages (mmdebstrap
# --variant=extract: unpacked, nothing configured, nothing run) and cached under
# $PG_CACHE_DIR (default /var/cache/postureguard), keyed by release and package
# list. The build goes to build-arm64-<release>/ (or $PG_BUILD_DIR).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${PG_CACHE_DIR:-/var/cache/postureguard}"
jobs="${PG_JOBS:-$(nproc)}"
release=bookworm run_tests=0 package=0
while (($#)); do
  case "$1" in
    --release) release="${2:?--release needs bookworm or trixie}"; shift 2 ;;
    --release=*) release="${1#*=}"; shift ;;
    --test) run_tests=1; shift ;;
    --package) package=1; shift ;;
    --) shift; break ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    *) echo "cross-build: unknown option $1 (see --help)" >&2; exit 2 ;;
  esac
done
case "$release" in
  bookworm) stdcxx=libstdc++-12-dev ;;
  trixie) stdcxx=libstdc++-14-dev ;;
  *) echo "cross-build: --release must be bookworm or trixie" >&2; exit 2 ;;
esac
for tool in aarch64-linux-gnu-g++ qemu-aarch64-static; do
  command -v "$tool" >/dev/null || { echo "cross-build: $tool missing: run scripts/setup.sh" >&2; exit 1; }
done

# The arm64 -dev packages the build needs: the build half of scripts/packages.txt.
# The C++ runtime headers come from the sysroot's own libstdc++ so they match its
# libraries; benchmark is absent because the benchmarks are not cross-built.
pkgs=(libc6-dev "$stdcxx" libopencv-dev libmosquitto-dev libsqlite3-dev libcctz-dev
  nlohmann-json3-dev libtomlplusplus-dev libcli11-dev libgtest-dev libgmock-dev
  libgpiod-dev libcamera-dev)
key=$(printf '%s\n' "$release" "${pkgs[@]}" | sha256sum | cut -c1-16)
sysroot="$cache/sysroot-arm64-$release-$key"
build="${PG_BUILD_DIR:-$root/build-arm64-$release}"

mkdir -p "$cache"
exec 9>"$cache/sysroot-arm64-$release.lock"
flock 9
partial=""
trap '[[ -n "$partial" ]] && rm -rf --one-file-system "$partial"' EXIT

start=$SECONDS
if [[ ! -d "$sysroot/usr/include/opencv4" ]]; then
  [[ $(id -u) -eq 0 ]] || { echo "cross-build: making the sysroot needs root (mmdebstrap)" >&2; exit 1; }
  echo "cross-build: creating the arm64 $release sysroot $sysroot ..."
  for old in "$cache/sysroot-arm64-$release-"*; do
    if [[ -d "$old" && "$old" != "$sysroot" ]]; then rm -rf --one-file-system "$old"; fi
  done
  partial="$sysroot.partial"
  rm -rf --one-file-system "$partial"
  mmdebstrap --quiet --architectures=arm64 --variant=extract \
    --include="$(IFS=,; echo "${pkgs[*]}")" "$release" "$partial"
  mv "$partial" "$sysroot"
  partial=""
  echo "cross-build: sysroot ready in $((SECONDS - start)) s ($(du -sh "$sysroot" | cut -f1))"
else
  echo "cross-build: using the cached sysroot $sysroot"
fi

# --variant=extract runs no maintainer scripts, so update-alternatives never made
# the libblas.so.3 / liblapack.so.3 links that OpenCV's dependencies (armadillo,
# arpack) need at link time and under qemu. Cheap and idempotent: done every run.
# It does not make trixie's merged-/usr links either (/lib -> usr/lib): libc's
# linker scripts name /lib/aarch64-linux-gnu/libm.so.6, qemu wants /lib/ld-linux-aarch64.so.1.
for dir in lib bin sbin; do
  if [[ ! -e "$sysroot/$dir" ]]; then ln -s "usr/$dir" "$sysroot/$dir"; fi
done
multiarch="$sysroot/usr/lib/aarch64-linux-gnu"
for lib in blas/libblas.so.3 lapack/liblapack.so.3; do
  if [[ -e "$multiarch/$lib" && ! -e "$multiarch/${lib#*/}" ]]; then ln -s "$lib" "$multiarch/${lib#*/}"; fi
done

build_start=$SECONDS
mkdir -p "$build"
cmake -S "$root" -B "$build" -G Ninja \
  -DCMAKE_TOOLCHAIN_FILE="$root/toolchain/aarch64-linux-gnu.cmake" -DPG_SYSROOT="$sysroot" \
  -DCMAKE_INSTALL_PREFIX=/usr -DPG_WERROR=ON -DPG_BUILD_BENCH=OFF -DPG_DEB_RELEASE="$release" "$@" >"$build/configure.log" 2>&1 || {
  cat "$build/configure.log" >&2; exit 1; }
echo "cross-build: configure summary (arm64, Debian $release libraries):"
sed -n '/configuration summary/,/^-- $/p' "$build/configure.log"
cmake --build "$build" -j"$jobs"
echo "cross-build: build took $((SECONDS - build_start)) s"
echo "cross-build: $build/edge/pg-edge is $(readelf -h "$build/edge/pg-edge" | sed -n 's/^ *Machine: *//p')"

if ((run_tests)); then
  test_start=$SECONDS
  # The EndToEnd cases analyse thousands of simulated frames: minutes each under
  # emulation, and the same code the other edge tests cover. PG_CROSS_TEST_ALL=1
  # runs them too.
  exclude='^EndToEnd\.'
  if [[ "${PG_CROSS_TEST_ALL:-0}" == 1 ]]; then exclude='^$'; fi
  (cd "$build" && ctest --output-on-failure -j"$jobs" --timeout 900 --label-exclude integration \
    --exclude-regex "$exclude")
  echo "cross-build: arm64 unit tests under qemu took $((SECONDS - test_start)) s"
fi
if ((package)); then
  "$root/scripts/package.sh" --build-dir "$build"
fi
