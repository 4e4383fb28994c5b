#!/bin/sh
# Runs inside a VM root while it is prepared (scripts/vm/image.sh): builds the
# kernel modules a Pi-less test needs and Debian's kernels do not ship, from
# Debian's own sources for exactly the root's kernel, then removes the build tools.
#   gpio-sim     drivers/gpio/gpio-sim.c with kernel/irq/irq_sim.c linked in
#                (CONFIG_IRQ_SIM is off in Debian's kernels)
#   vimc         drivers/media/test-drivers/vimc (the virtual camera libcamera knows)
#   v4l2loopback from v4l2loopback-dkms, without dkms
# The modules are unsigned: Debian's kernels load them (and mark themselves tainted).
set -eu
kver=$(ls /lib/modules)
[ "$(echo "$kver" | wc -w)" -eq 1 ] || { echo "modules: expected one kernel, found: $kver" >&2; exit 1; }
series=$(echo "$kver" | cut -d. -f1,2)
# The source package of the same upload as the installed kernel image.
kpkg_version=$(dpkg-query -W -f='${Version}' "linux-image-$kver")

export DEBIAN_FRONTEND=noninteractive
before=$(mktemp)
dpkg-query -W -f='${Package}\n' | sort >"$before"
apt-get install -y -qq --no-install-recommends gcc make xz-utils "linux-headers-$kver" >/dev/null

work=$(mktemp -d)
cd "$work"
apt-get download -qq "linux-source-$series=$kpkg_version" v4l2loopback-dkms 2>/dev/null
dpkg-deb --fsys-tarfile linux-source-*.deb | tar -xO "./usr/src/linux-source-$series.tar.xz" |
    tar -xJ "linux-source-$series/drivers/gpio/gpio-sim.c" "linux-source-$series/drivers/gpio/gpiolib.h" \
        "linux-source-$series/kernel/irq/irq_sim.c" "linux-source-$series/drivers/media/test-drivers/vimc"
dpkg-deb -x v4l2loopback-dkms_*.deb loopback
src="linux-source-$series"

# gpio-sim: one module of the driver and the interrupt simulator. irq_to_desc()
# is not exported to modules; generic_handle_irq() does the same for a mapped irq.
mkdir gpio-sim
cp "$src/drivers/gpio/gpio-sim.c" gpio-sim/gpio-sim-main.c
cp "$src/drivers/gpio/gpiolib.h" gpio-sim/
sed 's/handle_simple_irq(irq_to_desc(irqnum));/generic_handle_irq(irqnum);/' "$src/kernel/irq/irq_sim.c" >gpio-sim/irq_sim.c
grep -q 'generic_handle_irq(irqnum);' gpio-sim/irq_sim.c || { echo "modules: irq_sim.c changed upstream" >&2; exit 1; }
printf 'obj-m := gpio-sim.o\ngpio-sim-y := gpio-sim-main.o irq_sim.o\n' >gpio-sim/Kbuild

cp -r "$src/drivers/media/test-drivers/vimc" vimc
cp -r loopback/usr/src/v4l2loopback-* v4l2loopback

dest="/lib/modules/$kver/updates/postureguard-vm"
mkdir -p "$dest"
for m in gpio-sim vimc v4l2loopback; do
    make -s -C "/lib/modules/$kver/build" M="$work/$m" CONFIG_VIDEO_VIMC=m modules >"$work/$m.log" 2>&1 || {
        cat "$work/$m.log" >&2; exit 1; }
    cp "$work/$m"/*.ko "$dest/"
done
depmod "$kver"
for m in gpio-sim vimc v4l2loopback; do modinfo -k "$kver" -F filename "$m" >/dev/null; done
echo "modules: built $(cd "$dest" && echo *.ko) for $kver from linux-source-$series $kpkg_version"

cd /
rm -rf "$work"
# Only the build tools go again, and what they alone pulled in.
after=$(mktemp)
dpkg-query -W -f='${Package}\n' | sort >"$after"
# shellcheck disable=SC2046
apt-get purge -y -qq $(comm -13 "$before" "$after") >/dev/null
rm -f "$before" "$after"
apt-get clean
