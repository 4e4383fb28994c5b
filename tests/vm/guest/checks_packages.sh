# Check 5: install, upgrade over the previous build, remove and purge (sourced by main.sh).

apt_install() {  # apt_install DEB...: as a user would, with apt (no network needed: deps are there)
    DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "$@" 2>&1 | grep -vE '^(Reading|Building|Selecting)' || true
}
version_of() { dpkg-query -W -f='${Version}' "$1" 2>/dev/null; }

check_install_previous() {
    apt_install "$in"/prev/postureguard-hub_*.deb "$in"/prev/postureguard-edge_*.deb
    local v user groups dir rule_group
    v="edge $(version_of $edge), hub $(version_of $hub)"
    check install.versions "$v" test -n "$(version_of $edge)" -a -n "$(version_of $hub)"
    user=$(getent passwd postureguard)
    groups=$(id -nG postureguard)
    check install.user "passwd: $user; groups: $groups" \
        bash -c '[[ "'"$user"'" == *:/var/lib/postureguard:/usr/sbin/nologin && " '"$groups"' " == *" video "* && " '"$groups"' " == *" gpio "* ]]'
    dir=$(stat -c '%U:%G %a' /var/lib/postureguard)
    check install.state-dir "/var/lib/postureguard $dir" test "$dir" = "postureguard:postureguard 750"
    rule_group=$(stat -c '%G %a' "/dev/$(cat /run/pgvm/sim-chip)")
    check install.udev-rule "/dev/$(cat /run/pgvm/sim-chip) $rule_group (60-postureguard-gpio.rules)" test "$rule_group" = "gpio 660"
    local en
    en="$(systemctl is-enabled $edge) $(systemctl is-enabled $hub) / $(systemctl is-active $hub)"
    check install.enabled "enabled edge, hub / hub: $en" test "$en" = "enabled enabled / active"
}

check_upgrade() {
    local old_edge old_hub before_conf
    old_edge=$(prop $edge MainPID)
    old_hub=$(prop $hub MainPID)
    before_conf=$(sha256sum /etc/postureguard/edge.toml /etc/default/postureguard-edge /etc/postureguard/hub.toml)
    apt_install "$in"/cur/postureguard-hub_*.deb "$in"/cur/postureguard-edge_*.deb
    local v
    v="edge $(version_of $edge), hub $(version_of $hub)"
    check upgrade.versions "$v (from $(cat "$in/prev/version"))" \
        test "$(version_of $edge)" = "$(cat "$in/cur/version")" -a "$(version_of $hub)" = "$(cat "$in/cur/version")"
    check upgrade.conffiles-kept "edge.toml, default, hub.toml unchanged by the upgrade" \
        test "$before_conf" = "$(sha256sum /etc/postureguard/edge.toml /etc/default/postureguard-edge /etc/postureguard/hub.toml)"
    wait_for 120 test "$(prop $edge ActiveState)" = active
    local now
    now="edge MainPID $old_edge -> $(prop $edge MainPID), hub MainPID $old_hub -> $(prop $hub MainPID); $(systemctl is-enabled $edge) $(systemctl is-enabled $hub)"
    check upgrade.restarted "$now" \
        test "$(prop $edge MainPID)" != "$old_edge" -a "$(prop $hub MainPID)" != "$old_hub" -a "$(systemctl is-enabled $edge)" = enabled
}

check_remove_purge() {
    apt-get remove -y $edge >/dev/null 2>&1
    local left
    left=$(ls /etc/postureguard /var/lib/postureguard | tr '\n' ' ')
    check remove.edge "after remove: $(systemctl is-active $edge) unit, $(ls /usr/bin/pg-edge 2>&1 | tail -1); kept: $left" \
        bash -c '! systemctl is-active -q '$edge' && [[ ! -e /usr/bin/pg-edge && -f /etc/postureguard/edge.toml && -f /var/lib/postureguard/baseline.json ]]'
    local held
    held=$(gpio_info | grep -cw postureguard || true)
    [[ $held == 0 ]]
    result $? remove.lines-free "gpio lines held by postureguard after remove: $held"
    apt-get purge -y $edge >/dev/null 2>&1
    left=$(cd /var/lib/postureguard && ls -A | tr '\n' ' ')
    check purge.edge "after purge of the edge: /var/lib/postureguard holds: $left; /etc/postureguard: $(ls /etc/postureguard | tr '\n' ' '); /etc/default/postureguard-edge $(test -e /etc/default/postureguard-edge && echo present || echo gone)" \
        bash -c '[[ ! -e /etc/postureguard/edge.toml && ! -e /etc/default/postureguard-edge && -f /etc/postureguard/hub.toml ]] && [[ -z "$(cd /var/lib/postureguard && ls -A | grep -v "^hub\.db")" ]]'
    apt-get purge -y $hub >/dev/null 2>&1
    check purge.hub "after purge of both: /var/lib/postureguard $(test -e /var/lib/postureguard && echo present || echo gone), /etc/postureguard $(test -e /etc/postureguard && echo present || echo gone), dpkg: $(dpkg -l 'postureguard*' 2>/dev/null | grep -c '^[a-z][a-z] ') entries; user: $(getent passwd postureguard | cut -d: -f1)" \
        bash -c '[[ ! -e /var/lib/postureguard && ! -e /etc/postureguard ]] && ! dpkg -l "postureguard*" 2>/dev/null | grep -q "^[a-z][a-z] " && getent passwd postureguard >/dev/null'
}
