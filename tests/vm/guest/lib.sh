# Helpers for the VM test's guest scripts (sourced by main.sh).
# Every check writes one line to $out/results: "PASS name: evidence" or
# "FAIL name: evidence"; the host fails the test on any FAIL or a missing DONE.
share=/mnt/pgvm
in="$share/in"
out="$share/out"
tool="$in/pgvm-tool"
mqtt_log="$out/mqtt-$(cat /var/lib/pgvm/phase 2>/dev/null || echo 1).log"
edge=postureguard-edge
hub=postureguard-hub
device=pgvm
observer_pw=observer-secret

say() { echo "[$(date +%T)] $*"; }

pass() { echo "PASS $1: $2" >>"$out/results"; say "PASS $1: $2"; }
fail() {
    echo "FAIL $1: $2" >>"$out/results"
    say "FAIL $1: $2"
    journalctl -q -o short-monotonic -u postureguard-edge -n 12 --no-pager
    journalctl -q -k --no-pager | grep -E 'audit.*(seccomp|syscall=)' | tail -3
}
# check NAME EVIDENCE CONDITION...: passes when the command CONDITION succeeds.
check() {
    local name="$1" evidence="$2"
    shift 2
    if "$@"; then pass "$name" "$evidence"; else fail "$name" "$evidence"; fi
}
# CONDITION; result $? NAME EVIDENCE: passes when CONDITION succeeded. $? goes
# first: the command substitutions of EVIDENCE would overwrite it.
result() {
    if (($1 == 0)); then pass "$2" "$3"; else fail "$2" "$3"; fi
}

# wait_for SECONDS COMMAND...: polls every 0.5 s; 0 as soon as COMMAND succeeds.
wait_for() {
    local deadline=$((SECONDS + $1))
    shift
    while ((SECONDS < deadline)); do
        if "$@"; then return 0; fi
        sleep 0.5
    done
    "$@"
}

# show UNIT PROP...: "PROP=value ..." on one line (systemctl show).
show() {
    local unit="$1"
    shift
    systemctl show "$unit" $(printf -- '-p %s ' "$@") | tr '\n' ' ' | sed 's/ $//'
}
prop() { systemctl show "$1" -p "$2" --value; }

# The edge's journal since a cursor-like marker time (monotonic, from `mark`).
mark() { date '+%Y-%m-%d %H:%M:%S'; }
journal_since() { journalctl -q -o cat -u "$1" --since "$2" --no-pager; }

# gpio-sim line of the simulated header (made by pgvm-hw.service).
sim_line() { echo "/sys/bus/platform/devices/$(cat /run/pgvm/sim-dev)/$(cat /run/pgvm/sim-chip)/sim_gpio$1"; }
line_value() { cat "$(sim_line "$1")/value"; }
# gpioinfo of the chip: libgpiod 2.x takes the chip with -c, 1.6 as an argument.
gpio_info() {
    local chip
    chip=$(cat /run/pgvm/sim-chip)
    gpioinfo -c "$chip" 2>/dev/null || gpioinfo "$chip"
}

# MQTT as the observer (a read-only admin login on the hub's listener, like a
# Home Assistant): every non-batch message with its arrival time goes to $mqtt_log.
observe() {
    mosquitto_sub -h 127.0.0.1 -p 1883 -u pgvm-observer -P "$observer_pw" -q 1 -v -F '%U %t %p' \
        -t "postureguard/+/state" -t "postureguard/+/availability" -t "postureguard/+/cmd/result" \
        -t "postureguard/+/stats" >>"$mqtt_log" 2>&1 &
    echo $! >/run/pgvm/observer.pid
}
publish_cmd() {
    mosquitto_pub -h 127.0.0.1 -p 1883 -u pgvm-observer -P "$observer_pw" -q 1 -t "postureguard/$device/cmd" -m "$1"
}
# Lines of the MQTT log after line number $1 (see mqtt_mark).
mqtt_mark() { wc -l <"$mqtt_log"; }
mqtt_since() { tail -n +"$(($1 + 1))" "$mqtt_log"; }
# mqtt_seen MARK TOPIC-SUFFIX REGEX: a message on postureguard/<dev>/SUFFIX matching REGEX since MARK.
mqtt_seen() { mqtt_since "$1" | grep " postureguard/$device/$2 " | grep -qE "$3"; }
mqtt_last() { mqtt_since "$1" | grep " postureguard/$device/$2 " | grep -E "${3:-.}" | tail -1; }
state_is() { mqtt_seen "$1" state "\"state\":\"$2\""; }
# A state from analysed pixels (anything but camera_error) since MARK.
state_has_pixels() { mqtt_seen "$1" state '"state":"(good|forward_head|slouch|looking_down|tilt|away|too_dark|uncalibrated)"'; }
