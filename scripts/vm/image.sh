#!/usr/bin/env bash
# Makes (once) and prints the cached VM image of a Debian release for the VM test
# (scripts/vm/run.sh): an ext4 disk with systemd, udev, the kernel and the
# out-of-tree modules gpio-sim, vimc and v4l2loopback (image/modules.sh), the
# libcamera IPA, gpiod, mosquitto, and the runtime libraries the packages depend
# on — but not the packages themselves: the test installs those in the VM.
#
#   image.sh RELEASE [PACKAGE...]    RELEASE: bookworm or trixie; PACKAGEs: extra
#                                    packages (the .debs' Depends) to preinstall
#
# Cached under $PG_CACHE_DIR/vm (default /var/cache/postureguard/vm), keyed on
# the release, the package list and the files of scripts/vm/image: changing any
# of them makes a fresh image (about 3 minutes), nothing else does. Prints the
# image directory (disk.img, vmlinuz, initrd.img, manifest) on stdout; needs root.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
release="${1:?usage: image.sh bookworm|trixie [PACKAGE...]}"
shift
case "$release" in bookworm|trixie) ;; *) echo "image: unknown release $release" >&2; exit 2 ;; esac
cache="${PG_CACHE_DIR:-/var/cache/postureguard}/vm"

[[ $(id -u) -eq 0 ]] || { echo "image: needs root (mmdebstrap)" >&2; exit 1; }
command -v mmdebstrap >/dev/null || { echo "image: mmdebstrap missing: run scripts/setup.sh" >&2; exit 1; }
command -v mkfs.ext4 >/dev/null || { echo "image: mkfs.ext4 missing (e2fsprogs)" >&2; exit 1; }

# What a Pi running the packages has: systemd and udev, the kernel, libcamera's
# IPA modules (vimc needs its own), the GPIO tools, a broker with its clients and
# openssl for the example broker's test CA, sqlite3 (the hub recommends it).
pkgs=(systemd systemd-sysv udev kmod procps linux-image-amd64 libcamera-ipa gpiod
      mosquitto mosquitto-clients openssl sqlite3 "$@")
mapfile -t pkgs < <(printf '%s\n' "${pkgs[@]}" | sort -u)
key=$( { printf '%s\n' "$release" "${pkgs[@]}"; cat "$here/image.sh" "$here"/image/*; } | sha256sum | cut -c1-16)
dir="$cache/$release-$key"

mkdir -p "$cache"
exec 9>"$cache/$release.lock"
flock 9
if [[ -f "$dir/disk.img" && -f "$dir/manifest" ]]; then
  echo "image: using the cached $release image $dir" >&2
  echo "$dir"
  exit 0
fi

start=$SECONDS
echo "image: creating the $release VM image $dir (${#pkgs[@]} packages) ..." >&2
for old in "$cache/$release-"*; do
  if [[ -d "$old" && "$old" != "$dir" ]]; then rm -rf --one-file-system "$old"; fi
done
tmp="$dir.partial"
rm -rf --one-file-system "$tmp"
mkdir -p "$tmp"
root="$tmp/root"
# Hooks: build the modules in the root, then make it boot quickly into the test
# target. A fixed machine id keeps every boot from being a "first boot" (which
# would apply presets). No network in the VM, so nothing waits for one. An
# initramfs with only the virtio disk and ext4 (not "most" modules) boots about
# 10 s sooner under TCG.
mmdebstrap --quiet --variant=apt --aptopt='APT::Install-Recommends "false"' \
  --include="$(IFS=,; echo "${pkgs[*]}")" \
  --customize-hook="copy-in '$here/image/modules.sh' /tmp" \
  --customize-hook='chroot "$1" sh /tmp/modules.sh && rm "$1/tmp/modules.sh"' \
  --customize-hook="copy-in '$here/image/pgvm.target' '$here/image/pgvm-test.service' /etc/systemd/system" \
  --customize-hook="copy-in '$here/image/pgvm-run' /usr/local/sbin" \
  --customize-hook='echo pgvm >"$1/etc/hostname"; printf "127.0.0.1 localhost\n127.0.1.1 pgvm\n" >"$1/etc/hosts"' \
  --customize-hook='echo "LABEL=pgroot / ext4 rw,errors=remount-ro 0 0" >"$1/etc/fstab"' \
  --customize-hook='echo 5a6bd1e1c0f14b5b9e0d5c0c6f7a1e21 >"$1/etc/machine-id"' \
  --customize-hook='chroot "$1" systemctl mask apt-daily.timer apt-daily-upgrade.timer e2scrub_all.timer fstrim.timer man-db.timer getty-static.service systemd-networkd-wait-online.service >/dev/null 2>&1 || true' \
  --customize-hook='echo MODULES=list >"$1/etc/initramfs-tools/conf.d/pgvm.conf"; printf "virtio_pci\nvirtio_blk\next4\n" >>"$1/etc/initramfs-tools/modules"' \
  --customize-hook='chroot "$1" update-initramfs -u -k all >/dev/null 2>&1' \
  "$release" "$root" >&2
kver=$(ls "$root/lib/modules")
cp "$root/boot/vmlinuz-$kver" "$tmp/vmlinuz"
cp "$root/boot/initrd.img-$kver" "$tmp/initrd.img"
# Room for the packages, logs and outbox the test writes (into a throw-away overlay).
size_mb=$(( $(du -sm "$root" | cut -f1) + 768 ))
mkfs.ext4 -q -L pgroot -d "$root" "$tmp/disk.img" "${size_mb}M" >&2
{
  echo "release $release ($(cat "$root/etc/debian_version")), kernel $kver"
  chroot "$root" dpkg-query -W -f='${Package} ${Version}\n'
} >"$tmp/manifest"
rm -rf --one-file-system "$root"
mv "$tmp" "$dir"
echo "image: $release image ready in $((SECONDS - start)) s ($(du -sh "$dir/disk.img" | cut -f1) disk, kernel $kver)" >&2
echo "$dir"
