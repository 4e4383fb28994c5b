# Check 1: pg-edge captures from vimc through libcamera, loses the camera and gets
# it back without a restart of the service (sourced by main.sh).

check_camera() {
    local m since pid line
    set_camera libcamera
    since=$(mark)
    m=$(mqtt_mark)
    systemctl restart $edge
    pid=$(prop $edge MainPID)
    has_camera_line() { journal_since $edge "$since" | grep -q '\[camera\] libcamera .* stride'; }
    wait_for 120 has_camera_line
    line=$(journal_since $edge "$since" | grep -m1 '\[camera\] libcamera .* stride' || true)
    # libcamera adjusts the size to what the pipeline can deliver; rows may be padded.
    local w h stride fps
    read -r w h stride fps < <(sed -nE 's/.* ([0-9]+)x([0-9]+) [A-Z0-9]+ stride ([0-9]+) at ([0-9]+) fps.*/\1 \2 \3 \4/p' <<<"$line")
    [[ -n "${w:-}" && "${fps:-}" == 10 ]]
    result $? camera.configured "${line#*\[camera\] } (asked: 320x240 from edge.toml, 10 fps from board pi4)"

    # Frames with pixels: the state leaves camera_error (vimc's test pattern has
    # no face: uncalibrated, or away once calibrated). It must stay so for 20 s:
    # 4 buffers last 4 frames unless every finished request goes back to the camera.
    wait_for 60 state_has_pixels "$m"
    sleep 20
    local st stats stalls
    st=$(mqtt_last "$m" state)
    stats=$(mqtt_last "$m" stats)
    stalls=$(journal_since $edge "$since" | grep -c 'stalled\|disappeared\|hung' || true)
    [[ -n "$st" && "$st" != *'"state":"camera_error"'* && "$stalls" == 0 ]]
    result $? camera.frames "state ${st#* * } after 20 s; camera stalls: $stalls"
    # At least 3 analysed frames per 10 s (TCG is slow), so 6 or more in 20 s from 4 buffers.
    [[ "$stats" =~ \"fps\":([0-9.]+) ]] && awk -v f="${BASH_REMATCH[1]}" 'BEGIN { exit !(f >= 0.3) }'
    result $? camera.recycling "stats ${stats#* * }"
    # Paused, libcamera lets go of the camera and its manager; resumed, a new
    # manager finds the same camera again.
    check_pause libcamera

    # Take the camera away: unbind the vimc platform device, then give it back.
    m=$(mqtt_mark)
    echo vimc.0 >/sys/bus/platform/drivers/vimc/unbind
    say "vimc.0 unbound; media nodes: $(ls /dev/media* 2>/dev/null | tr '\n' ' ')"
    wait_for 30 state_is "$m" camera_error
    result $? camera.unplugged "after unbind: $(mqtt_last "$m" state '"camera_error"' | cut -d' ' -f2- | cut -c1-90)"
    sleep 3
    m=$(mqtt_mark)
    echo vimc.0 >/sys/bus/platform/drivers/vimc/bind
    say "vimc.0 bound again; media nodes: $(ls /dev/media* | tr '\n' ' ')"
    wait_for 90 state_has_pixels "$m"
    state_has_pixels "$m" && [[ $(prop $edge ActiveState) == active ]]
    result $? camera.recovered "after rebind: $(mqtt_last "$m" state '"state":"[a-bd-z]' | cut -d' ' -f2- | cut -c1-80); $(show $edge MainPID NRestarts) (MainPID was $pid)"
    # libcamera (0.0.3 and 0.4) never hears that vimc was unbound and aborts
    # when the rebound camera registers again under the same id: in the camera
    # process, which pg-edge starts again, so the service itself stays up.
    local fatal
    fatal=$(journal_since $edge "$since" | grep -m1 -oE 'FATAL .*|camera process [a-z].*' | cut -c1-140 || true)
    [[ $(prop $edge MainPID) == "$pid" && $(prop $edge NRestarts) == 0 ]]
    result $? camera.no-restart "MainPID $(prop $edge MainPID) (was $pid), NRestarts $(prop $edge NRestarts); ${fatal:-no camera process fault logged}"
    journal_since $edge "$since" | grep -E 'camera' | tail -8
}
