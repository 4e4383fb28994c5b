# Pause: `pg-edge pause` on the running service lets go of the camera — no
# /dev/video* or /dev/media* left among pg-edge's open files — and `pg-edge
# resume` brings frames back (sourced by main.sh). Run on each source:
# `check_pause libcamera` on vimc, `check_pause v4l2` on the loopback camera.

# The camera nodes pg-edge (PID $1) and its camera process hold open right now.
camera_fds() {
    local n=0 p c
    for p in "$1" $(cat /proc/"$1"/task/*/children 2>/dev/null); do
        c=$(ls -l /proc/"$p"/fd 2>/dev/null | grep -cE -- '-> /dev/(video|media)[0-9]+' || true)
        n=$((n + ${c:-0}))
    done
    echo "$n"
}

check_pause() {
    local on=$1 m pid before paused said
    pid=$(prop $edge MainPID)
    before=$(camera_fds "$pid")  # check_posture just saw its frames
    m=$(mqtt_mark)
    said=$(pg-edge pause 2>&1)
    wait_for 15 state_is "$m" paused
    sleep 2  # a few paused ticks: the camera stays closed, not just between frames
    paused=$(camera_fds "$pid")
    state_is "$m" paused && ((before > 0 && paused == 0)) && [[ $(prop $edge MainPID) == "$pid" ]]
    result $? pause.$on.camera-released "pg-edge pause: \"$said\"; camera nodes open in pg-edge $pid: $before before, $paused paused; $(mqtt_last "$m" state paused | grep -oE '"state":"paused"|"paused_by":"[a-z]+"' | tr '\n' ' ')"
    say "$(pg-edge status 2>&1 | tr '\n' ';')"

    m=$(mqtt_mark)
    said=$(pg-edge resume 2>&1)
    wait_for 30 state_has_pixels "$m"
    state_has_pixels "$m" && (($(camera_fds "$pid") > 0))
    result $? pause.$on.resumed "pg-edge resume: \"$said\"; then $(mqtt_last "$m" state | grep -oE '"state":"[a-z_]+"'); camera nodes open: $(camera_fds "$pid")"
    journal_since $edge "$(date -d '-1 min' '+%Y-%m-%d %H:%M:%S')" | grep -E 'paused|resumed|closed|opened' | tail -4
}
