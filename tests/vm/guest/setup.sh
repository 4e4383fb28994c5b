# Setting the VM up as a user of the packages would (sourced by main.sh).

# The simulated Pi: modules and the gpio-sim chip at every boot, before the edge.
install_hardware() {
    install -m 755 "$share/guest/pgvm-hw" /usr/local/sbin/pgvm-hw
    install -m 644 "$share/guest/pgvm-hw.service" /etc/systemd/system/pgvm-hw.service
    systemctl daemon-reload
    systemctl enable --now pgvm-hw.service
    say "hardware: $(systemctl is-active pgvm-hw) gpio-sim $(cat /run/pgvm/sim-dev)/$(cat /run/pgvm/sim-chip)"
    gpiodetect
    ls -l /dev/gpiochip* /dev/media* /dev/video*
    lsmod | grep -E '^(gpio_sim|vimc|v4l2loopback) '
}

# No network, so no NTP daemon: the clock (from the host's RTC) is marked
# synchronised as one would, or the edge holds every sample (device.clock_check).
clock_synced() { "$tool" clock-synced; }

# Debian's mosquitto with the hub package's example configuration, installed the
# way its header says: the hub on 127.0.0.1:1883, the devices over TLS on 8883,
# each with a password file, the ACLs, a test CA for localhost.
setup_broker() {
    local ex=/usr/share/doc/postureguard-hub/examples/broker
    cp "$ex/mosquitto.conf" /etc/mosquitto/mosquitto.conf
    # Every publish and delivery in the broker's journal: the evidence of what flowed.
    echo "log_type all" >>/etc/mosquitto/mosquitto.conf
    cp "$ex/acl.conf" /etc/mosquitto/postureguard.acl
    # An extra admin login that reads everything (as Home Assistant would) for the checks.
    printf '\nuser pgvm-observer\ntopic read postureguard/#\ntopic write postureguard/+/cmd\n' >>/etc/mosquitto/postureguard.acl
    "$ex/make-test-ca.sh" /etc/mosquitto/certs
    cp /etc/mosquitto/certs/ca.crt /etc/mosquitto/certs/postureguard-ca.crt
    echo device-secret | "$ex/add-user.sh" "$device"
    echo hub-secret | "$ex/add-user.sh" pg-hub /etc/mosquitto/postureguard-hub.passwd
    echo "$observer_pw" | "$ex/add-user.sh" pgvm-observer /etc/mosquitto/postureguard-hub.passwd
    chown mosquitto: /etc/mosquitto/postureguard*.passwd /etc/mosquitto/certs/broker.key
    # Sessions saved under Debian's default configuration (anonymous, one
    # listener) are not carried into the new one: the hub's restored session
    # was acknowledged but never received a batch.
    systemctl stop mosquitto
    rm -f /var/lib/mosquitto/mosquitto.db
    systemctl start mosquitto
    local st
    st=$(show mosquitto ActiveState SubState)
    check broker.example-config "mosquitto with the packaged example config: $st" \
        test "$(prop mosquitto ActiveState)" = active
    if [[ "$(prop mosquitto ActiveState)" != active ]]; then
        journalctl -u mosquitto -b --no-pager | tail -20
    fi
}

# The configuration a user writes: the board, small frames, the broker login, stats every 10 s,
# a short alert hold and cooldown (the test cannot sit badly for minutes), the camera.
configure_edge() {
    sed -i 's|^PG_EDGE_OPTS=.*|PG_EDGE_OPTS="--board pi4"|' /etc/default/postureguard-edge
    sed -i 's|^broker = .*|broker = "localhost:8883"|' /etc/postureguard/edge.toml
    # Small frames: vimc's sensor, debayer and scaler run in software, and so does
    # the whole emulated CPU.
    sed -i 's|^source = .*|&\nwidth = 320\nheight = 240|' /etc/postureguard/edge.toml
    cat >>/etc/postureguard/edge.toml <<'EOF'
username = "pgvm"
password = "device-secret"
cafile = "/etc/mosquitto/certs/ca.crt"
stats_interval = "10s"

[alert]
hold = "4s"
cooldown = "6s"
EOF
    sed -i 's|^# username = "pg-hub"|username = "pg-hub"|; s|^# password = ""|password = "hub-secret"|' \
        /etc/postureguard/hub.toml
}
set_camera() {  # set_camera SOURCE
    sed -i "s|^source = .*|source = \"$1\"|" /etc/postureguard/edge.toml
}
