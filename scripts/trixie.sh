#!/usr/bin/env bash
# Builds and runs the whole test suite inside a Debian 13 (trixie) root, so the
# libgpiod 2.x and libcamera 0.4 code paths are compiled and tested on every run,
# not only on a Pi. Needs root (mmdebstrap, chroot, bind mounts).
#
# The root is made once with mmdebstrap from Debian's default mirror and cached
# under $PG_CACHE_DIR (default /var/cache/postureguard), keyed by the package
# list: editing scripts/packages.txt makes a fresh root, nothing else does. The
# build directory lives inside that root and a ccache beside it
# ($PG_CACHE_DIR/trixie-ccache), so a second run only recompiles what changed,
# even from a fresh clone. The project is bind-mounted
# read-only at /src; nothing is copied.
#
#   PG_CACHE_DIR=DIR     where roots are cached
#   PG_TRIXIE_FRESH=1    wipe the cached build directory first (not the root)
#   PG_JOBS=N            build and test parallelism (default: nproc)
#   PG_TRIXIE_PACKAGE=1  also build the Debian 13 amd64 .debs (dpkg-shlibdeps in
#                        the root gives trixie's library names) into $PG_DEB_DIR
#                        (default build-deb/)
#   PG_TRIXIE_PACKAGE=only  only build those .debs (no tests, no benchmarks: a
#                        build directory of its own, /build-package in the root)
#   extra arguments      go to cmake at configure time
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cache="${PG_CACHE_DIR:-/var/cache/postureguard}"
suite=trixie
jobs="${PG_JOBS:-$(nproc)}"

[[ $(id -u) -eq 0 ]] || { echo "trixie: needs root (mmdebstrap, chroot, mounts)" >&2; exit 1; }
command -v mmdebstrap >/dev/null || { echo "trixie: mmdebstrap missing: run scripts/setup.sh" >&2; exit 1; }

# packages.txt is the Debian 12 list. Names are the same in trixie (checked with
# the root's apt-cache policy) except those mapped here; mmdebstrap stops with the
# missing name if another one ever differs.
#   clang-14, libclang-rt-14-dev: Debian 13 has no clang-14 (it has 19); the fuzz
#     test looks for clang++-14 and reports itself skipped without it.
#   mmdebstrap, qemu-user-static, g++-aarch64-linux-gnu, systemd, qemu-system-x86:
#     tools this script, cross-build.sh and the VM test run on the host, never
#     inside the root. ccache is added below in any case.
#   python3: for the bench scripts, which run on the host only.
#   rabbitmq-server: Debian 13 has RabbitMQ 4.0, whose MQTT plugin and cluster
#     start-up differ from 3.10's; scripts/fleet is checked on 3.10 only, so the
#     fleet test reports itself skipped here (the AMQP client is still built).
trixie_name() {
  case "$1" in
    clang-14|libclang-rt-14-dev|rabbitmq-server) ;;
    mmdebstrap|qemu-user-static|g++-aarch64-linux-gnu|systemd|python3|qemu-system-x86|ccache) ;;
    *) echo "$1" ;;
  esac
}
pkgs=()
while read -r p; do
  mapped=$(trixie_name "$p")
  if [[ -n "$mapped" ]]; then pkgs+=("$mapped"); fi
done < <(grep -v '^\s*#' "$root/scripts/packages.txt" | grep -v '^\s*$' | sort -u)
# ccache: a fresh clone has new mtimes, so ninja would rebuild everything; the
# compiler cache (kept in the root, sources always at /src) makes that cheap.
pkgs+=(ccache)
key=$(printf '%s\n' "$suite" "${pkgs[@]}" | sha256sum | cut -c1-16)
chr="$cache/$suite-amd64-$key"

mkdir -p "$cache"
# Other runs (another engineer, another CI job) may share the cache.
exec 9>"$cache/$suite.lock"
flock 9

mounts=()
tmp_root=""
cleanup() {
  local i
  for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
    umount -R "${mounts[i]}" 2>/dev/null || umount -R -l "${mounts[i]}" 2>/dev/null || true
  done
  [[ -n "$tmp_root" && -d "$tmp_root" ]] && rm -rf --one-file-system "$tmp_root"
  return 0
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start=$SECONDS
if [[ ! -x "$chr/usr/bin/cmake" ]]; then
  echo "trixie: creating the Debian 13 root $chr (${#pkgs[@]} packages) ..."
  # Roots for an older package list are dead weight (a few GB each).
  for old in "$cache/$suite-amd64-"*; do
    if [[ -d "$old" && "$old" != "$chr" ]]; then rm -rf --one-file-system "$old"; fi
  done
  tmp_root="$chr.partial"
  rm -rf --one-file-system "$tmp_root"
  mmdebstrap --quiet --variant=apt --aptopt='APT::Install-Recommends "false"' \
    --include="$(IFS=,; echo "${pkgs[*]}")" "$suite" "$tmp_root"
  # Renamed only when complete, so an interrupted run never leaves a half root.
  mv "$tmp_root" "$chr"
  tmp_root=""
  echo "trixie: root ready in $((SECONDS - start)) s"
else
  echo "trixie: using the cached root $chr"
fi
echo "trixie: $(cat "$chr/etc/debian_version") with libgpiod-dev $(chroot "$chr" dpkg-query -W -f='${Version}' libgpiod-dev)," \
  "libcamera-dev $(chroot "$chr" dpkg-query -W -f='${Version}' libcamera-dev)"

bind_mount() {  # bind_mount SRC DST [ro]
  mkdir -p "$2"
  mount --bind "$1" "$2"
  mounts+=("$2")
  mount --make-rslave "$2"
  if [[ "${3:-}" == ro ]]; then mount -o remount,bind,ro "$2"; fi
}
mount -t proc proc "$chr/proc"; mounts+=("$chr/proc")
mount --rbind /dev "$chr/dev"; mounts+=("$chr/dev"); mount --make-rslave "$chr/dev"
mount -t tmpfs -o mode=1777 tmpfs "$chr/tmp"; mounts+=("$chr/tmp")
bind_mount "$root" "$chr/src" ro
# The compiler cache outlives the root, so a changed package list costs a new root
# but not a cold compile.
mkdir -p "$cache/$suite-ccache"
bind_mount "$cache/$suite-ccache" "$chr/var/cache/ccache"

if [[ "${PG_TRIXIE_FRESH:-0}" == 1 ]]; then rm -rf --one-file-system "$chr/build"; fi
if [[ "${PG_TRIXIE_PACKAGE:-0}" == only ]]; then
  chroot "$chr" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 CI=1 \
    CCACHE_DIR=/var/cache/ccache CCACHE_BASEDIR=/src bash -euo pipefail -c '
      mkdir -p /build-package
      cmake -S /src -B /build-package -G Ninja -DPG_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr -DCMAKE_BUILD_TYPE=RelWithDebInfo \
        -DPG_BUILD_TESTS=OFF -DPG_BUILD_BENCH=OFF \
        -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache >/build-package/configure.log 2>&1 || {
        cat /build-package/configure.log >&2; exit 1; }
      cmake --build /build-package -j'"$jobs"'
      rm -rf /build-package/deb && cd /build-package && cpack -G DEB >/dev/null'
  out="${PG_DEB_DIR:-$root/build-deb}"
  mkdir -p "$out"
  cp "$chr"/build-package/deb/*.deb "$out/"
  for deb in "$chr"/build-package/deb/*.deb; do
    echo "trixie: $out/$(basename "$deb"): $(dpkg-deb --field "$deb" Depends)"
  done
  echo "trixie: packages only, in $((SECONDS - start)) s"
  exit 0
fi
build_start=$SECONDS
# A clean environment: nothing from the host's shell leaks into the Debian 13 build.
chroot "$chr" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 CI=1 \
  CCACHE_DIR=/var/cache/ccache CCACHE_BASEDIR=/src \
  bash -euo pipefail -c '
    mkdir -p /build
    cmake -S /src -B /build -G Ninja -DPG_WERROR=ON -DCMAKE_INSTALL_PREFIX=/usr \
      -DCMAKE_C_COMPILER_LAUNCHER=ccache -DCMAKE_CXX_COMPILER_LAUNCHER=ccache "$@" >/build/configure.log 2>&1 || {
      cat /build/configure.log >&2; exit 1; }
    echo "trixie: configure summary (Debian $(cat /etc/debian_version)):"
    sed -n "/configuration summary/,/^-- \$/p" /build/configure.log
    cmake --build /build -j'"$jobs"'
  ' bash "$@"
echo "trixie: build took $((SECONDS - build_start)) s"

test_start=$SECONDS
chroot "$chr" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 CI=1 \
  bash -c "cd /build && ctest --output-on-failure -j$jobs --timeout 900"
echo "trixie: ctest took $((SECONDS - test_start)) s; whole run $((SECONDS - start)) s"

if [[ "${PG_TRIXIE_PACKAGE:-0}" == 1 ]]; then
  chroot "$chr" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
    bash -c "rm -rf /build/deb && cd /build && cpack -G DEB >/dev/null"
  out="${PG_DEB_DIR:-$root/build-deb}"
  mkdir -p "$out"
  cp "$chr"/build/deb/*.deb "$out/"
  for deb in "$chr"/build/deb/*.deb; do
    echo "trixie: $out/$(basename "$deb"): $(dpkg-deb --field "$deb" Depends)"
  done
fi
