#!/usr/bin/env bash
# The VM test: a Pi without a Pi. Builds this tree's .deb packages for a Debian
# release, boots the cached image of that release (scripts/vm/image.sh) under
# QEMU with a gpio-sim GPIO chip, the vimc camera and a v4l2loopback camera fed
# with real footage, and inside installs and runs the packages as a user would
# (tests/vm/guest/main.sh): the camera, posture alerts on the buzzer and LED lines,
# the button, systemd readiness, watchdog and hardening, the outbox over a kill and
# a reboot, upgrade, remove and purge. One QEMU run per release (two boots).
#
#   scripts/vm/run.sh bookworm|trixie [--work DIR] [--tools DIR] [--debs DIR]
#     --work DIR   results, logs and the 9p share (default build-vm/RELEASE)
#     --tools DIR  where pgvm-tool and pgvm-frames were built (default build/tests/vm)
#     --debs DIR   test the .debs in DIR instead of building them
#   PG_TEST_VM=0        skip (exit 77)
#   PG_VM_TIMEOUT=S     QEMU's time limit (default 1500 s)
#   PG_CACHE_DIR=DIR    image cache (default /var/cache/postureguard)
# Exit: 0 every check passed, 1 a check failed or the run broke, 77 this machine
# cannot run it (no QEMU, not root, not an x86-64 Debian 12 host).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
release="${1:?usage: run.sh bookworm|trixie [--work DIR] [--tools DIR]}"
shift
work="$root/build-vm/$release" tools="$root/build/tests/vm" prebuilt=""
while (($#)); do
  case "$1" in
    --work) work="${2:?}"; shift 2 ;;
    --tools) tools="${2:?}"; shift 2 ;;
    --debs) prebuilt="$(cd "${2:?}" && pwd)"; shift 2 ;;
    *) echo "vm: unknown option $1" >&2; exit 2 ;;
  esac
done
skip() { echo "vm: SKIPPED: $*"; exit 77; }
[[ "${PG_TEST_VM:-1}" != 0 ]] || skip "PG_TEST_VM=0"
case "$release" in
  bookworm) debver=deb12 gpiod_api=1.x ;;
  trixie) debver=deb13 gpiod_api=2.x ;;
  *) echo "vm: unknown release $release" >&2; exit 2 ;;
esac
[[ $(uname -m) == x86_64 ]] || skip "the images are amd64 and need an x86-64 host"
[[ $(id -u) -eq 0 ]] || skip "needs root (mmdebstrap, the trixie root)"
command -v qemu-system-x86_64 >/dev/null || skip "qemu-system-x86_64 missing (scripts/setup.sh installs qemu-system-x86)"
grep -q '^VERSION_CODENAME=bookworm' /etc/os-release || skip "packages are built natively on a Debian 12 host"
for t in pgvm-tool pgvm-frames; do [[ -x "$tools/$t" ]] || { echo "vm: $tools/$t missing (build the tree first)" >&2; exit 1; }; done

start=$SECONDS
rm -rf "$work"
mkdir -p "$work/debs" "$work/share/in/cur" "$work/share/in/prev" "$work/share/out"
echo "vm: $release: building the packages ..."
if [[ -n "$prebuilt" ]]; then
  cp "$prebuilt"/postureguard-*"~${debver}_amd64.deb" "$work/debs/"
elif [[ "$release" == bookworm ]]; then
  PG_DEB_DIR="$work/debs" "$root/scripts/package.sh" >"$work/package.log" 2>&1 || { tail -30 "$work/package.log"; exit 1; }
else
  PG_DEB_DIR="$work/debs" PG_TRIXIE_PACKAGE=only "$root/scripts/trixie.sh" >"$work/package.log" 2>&1 || {
    tail -30 "$work/package.log"; exit 1; }
fi
debs=("$work"/debs/postureguard-{edge,hub}_*"~${debver}_amd64.deb")
for d in "${debs[@]}"; do [[ -f "$d" ]] || { echo "vm: no package $d" >&2; exit 1; }; done
cp "${debs[@]}" "$work/share/in/cur/"
version=$(dpkg-deb --field "${debs[0]}" Version)
echo "$version" >"$work/share/in/cur/version"
# "The previous build": the same packages under a lower version, so the guest
# upgrades over an installed release with the maintainer scripts' upgrade paths.
prev_version="${version%-*}-0~${debver}"
for d in "${debs[@]}"; do
  x="$work/repack"
  rm -rf "$x"
  dpkg-deb -R "$d" "$x"
  sed -i "s/^Version: .*/Version: $prev_version/" "$x/DEBIAN/control"
  dpkg-deb -b --root-owner-group "$x" "$work/share/in/prev/" >/dev/null
done
rm -rf "$work/repack"
echo "$prev_version" >"$work/share/in/prev/version"
echo "vm: $release: packages $version (and $prev_version to upgrade from) in $((SECONDS - start)) s"

# The image holds what the packages depend on (the VM has no network).
mapfile -t deps < <(for d in "${debs[@]}"; do dpkg-deb --field "$d" Depends; done | tr ',' '\n' |
  sed -E 's/\(.*\)//; s/\|.*//; s/ //g' | grep -v '^$' | sort -u)
image=$("$root/scripts/vm/image.sh" "$release" "${deps[@]}" 2> >(tee "$work/image.log" >&2)) || {
  echo "vm: image preparation failed (see $work/image.log)" >&2; exit 1; }

# The share: the guest scripts, the tools, the footage, the expectations.
cp -r "$root/tests/vm/guest" "$work/share/guest"
cp "$tools/pgvm-tool" "$work/share/in/"
clip="$root/tests/data/real/desk-clip-1.mp4"
# desk-clip-1 (tests/data/real/SOURCE.md): upright at the desk, and leaning in
# towards the screen from 31.75 s on (frames 794-871).
"$tools/pgvm-frames" "$clip" "$work/share/in/upright.pgf" 40 100 2 >/dev/null
"$tools/pgvm-frames" "$clip" "$work/share/in/lean.pgf" 820 860 2 >/dev/null
echo "$release" >"$work/share/in/release"
echo "$gpiod_api" >"$work/share/in/gpiod-api"

echo "vm: $release: booting $(head -1 "$image/manifest") under QEMU (TCG) ..."
boot=$SECONDS
rc=0
timeout --foreground "${PG_VM_TIMEOUT:-2400}" qemu-system-x86_64 -accel tcg -cpu max -m 2G -smp 1 \
  -machine q35 -nodefaults -no-user-config -display none -nic none \
  -serial "file:$work/console.log" \
  -kernel "$image/vmlinuz" -initrd "$image/initrd.img" \
  -append "root=LABEL=pgroot rw console=ttyS0 systemd.unit=pgvm.target systemd.show_status=false quiet" \
  -drive "file=$image/disk.img,if=virtio,format=raw,snapshot=on" \
  -virtfs "local,path=$work/share,mount_tag=pgvm,security_model=none,id=pgvm" \
  -device virtio-rng-pci || rc=$?
echo "vm: $release: QEMU exited ($rc) after $((SECONDS - boot)) s"

res="$work/share/out/results"
if [[ -f "$res" ]]; then
  echo "vm: $release: results"
  cat "$res"
fi
npass=$(grep -c '^PASS' "$res" 2>/dev/null || true)
nfail=$(grep -c '^FAIL' "$res" 2>/dev/null || true)
echo "vm: $release: $npass passed, $nfail failed; logs in $work/share/out, console in $work/console.log; $((SECONDS - start)) s in all"
if ((rc != 0)) || ! grep -qx DONE "$res" 2>/dev/null; then
  echo "vm: $release: the guest did not finish (QEMU exit $rc); console tail:" >&2
  tail -40 "$work/console.log" >&2 || true
  exit 1
fi
grep "^KNOWN" "$res" >&2 || true
((nfail == 0 && npass > 0))
