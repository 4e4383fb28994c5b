#!/bin/bash
# The VM test inside the guest (run by pgvm-run from the 9p share). Phase 1 on the
# first boot installs and exercises the packages, then asks for a reboot; phase 2
# checks what survived it and removes the packages. Results go to out/results.
set -u
mkdir -p /var/lib/pgvm /run/pgvm
phase=$(cat /var/lib/pgvm/phase 2>/dev/null || echo 1)
here=/mnt/pgvm/guest
. "$here/lib.sh"
. "$here/setup.sh"
. "$here/checks_packages.sh"
. "$here/checks_camera.sh"
. "$here/checks_posture.sh"
. "$here/checks_pause.sh"
. "$here/checks_systemd.sh"
exec > >(tee -a "$out/guest.log") 2>&1

stop_helpers() {
    local f
    for f in /run/pgvm/observer.pid /run/pgvm/feeder.pid; do
        if [[ -f "$f" ]]; then kill "$(cat "$f")" 2>/dev/null; rm -f "$f"; fi
    done
}

phase1() {
    install_hardware
    clock_synced
    check_install_previous
    setup_broker
    configure_edge
    check_upgrade
    observe
    sleep 1
    check_ready
    check_gpiod_api
    check_camera
    check_hardening
    check_posture
    check_pause v4l2
    check_clean_stop
    check_watchdog
    check_outbox_kill
    stop_helpers
    # The broker stays off over the reboot: the outbox must carry the batches.
    systemctl disable -q mosquitto
    echo 2 >/var/lib/pgvm/phase
    touch /run/pgvm-reboot
}

phase2() {
    clock_synced
    local n line
    n=$(cat /var/lib/pgvm/outbox-before-reboot)
    up() { [[ $(prop $edge ActiveState) == active ]] && journalctl -q -o cat -b -u $edge | grep -q 'unacknowledged batches recovered'; }
    wait_for 120 up
    line=$(journalctl -q -o cat -b -u $edge | grep -m1 'unacknowledged batches recovered' || true)
    local before after
    report() { pg-report --db /var/lib/postureguard/hub.db devices --json | tr -d ' \n'; }
    before=$(report)
    systemctl enable -q --now mosquitto
    observe
    # Everything the outbox held reaches the hub, in order, nothing twice, no gap.
    batches() { local b; b=$(sed -nE 's/.*"batches":([0-9]+).*/\1/p' <<<"$1"); echo "${b:-0}"; }
    delivered() {
        after=$(report)
        (($(batches "$after") >= $(batches "$before") + n))
    }
    wait_for 90 delivered
    [[ "$line" =~ ([0-9]+)\ unacknowledged ]] && ((BASH_REMATCH[1] >= n)) && delivered &&
        [[ "$after" == *'"seq_gaps":0'* && "$after" == *'"dropped_samples":0'* ]]
    result $? outbox.reboot "after the reboot: \"$line\" (had $n before it); hub before the broker came back: $before; after: $after"
    check_remove_purge
    stop_helpers
    echo DONE >>"$out/results"
}

say "phase $phase: Debian $(cat /etc/debian_version), kernel $(uname -r), $(systemctl --version | head -1)"
say "boot: $(systemd-analyze 2>/dev/null | head -1)"
systemd-analyze blame 2>/dev/null | head -6
case "$phase" in
    1) phase1 ;;
    2) phase2 ;;
esac
journalctl -b --no-pager -o short-monotonic >"$out/journal-$phase.txt"
journalctl -b --no-pager -o short-monotonic -u mosquitto >"$out/mosquitto-$phase.log"
say "phase $phase done"
