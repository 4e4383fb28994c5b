# Checks 2 and 3: real face frames through a kernel video device drive the
# buzzer and LED lines of the gpio-sim chip; the button snoozes and calibrates
# (sourced by main.sh).

scene() { ln -sfn "$in/$1.pgf" /run/pgvm/scene.pgf; say "scene: $1"; }

# press MS: the button to GND for that long (gpio-sim: the line's pull), in one
# real-time process. press_ms: how long the line was really held.
press() {
    press_ms=$("$tool" press "$(sim_line 22)/pull" "$1" 2>>"$out/press.log") || press_ms=99999
}

# watch SECONDS NAME: samples buzzer (17) and LED (27) in the background.
watch_lines() {
    "$tool" watch "$1" "$(sim_line 17)/value" "$(sim_line 27)/value" >"$out/watch-$2.txt" &
    echo $! >/run/pgvm/watch.pid
}
watch_done() { wait "$(cat /run/pgvm/watch.pid)"; cat "$out/watch-$1.txt"; }
watch_field() {  # watch_field NAME LINE FIELD
    grep "sim_gpio$2/" "$out/watch-$1.txt" | sed -nE "s/.* $3=([^ ]+).*/\1/p"
}

check_posture() {
    local m since
    scene upright
    "$tool" feed /dev/video10 10 /run/pgvm/scene.pgf 2>>"$out/feeder.log" &
    echo $! >/run/pgvm/feeder.pid
    sleep 1
    set_camera v4l2:/dev/video10
    since=$(mark)
    m=$(mqtt_mark)
    systemctl restart $edge
    # A face, no baseline yet: the state says so.
    wait_for 120 state_is "$m" uncalibrated
    result $? posture.face-seen "$(mqtt_last "$m" state | cut -d' ' -f3- | cut -c1-80)"

    # Check 3, long press: calibrates ("double" beep), the state says calibrated.
    m=$(mqtt_mark)
    watch_lines 6 long-press
    press 2500
    watch_done long-press
    wait_for 30 mqtt_seen "$m" state '"calibrated":true'
    mqtt_seen "$m" state '"calibrated":true' && [[ $(watch_field long-press 17 pulses) == 2 ]]
    result $? button.long-press "buzzer $(grep sim_gpio17 "$out/watch-long-press.txt" | cut -d' ' -f2-); $(mqtt_last "$m" state calibrated | cut -d' ' -f3- | grep -oE '"state":"[a-z_]+"|"calibrated":[a-z]+' | tr '\n' ' ')"
    journal_since $edge "$since" | grep -E 'calibrat|button' | tail -3
    wait_for 30 state_is "$m" good

    # Check 2: lean in towards the screen and stay there past alert.hold (4 s):
    # short, double, then escalating beeps every alert.cooldown (6 s).
    # The lines are watched from the moment the state says forward_head: under
    # emulation with the mesh analyzer, reaching it took up to 18 s, and a
    # window counted from the scene change saw one beep of three.
    m=$(mqtt_mark)
    scene lean
    wait_for 60 state_is "$m" forward_head
    watch_lines 20 posture
    say "$(mqtt_last "$m" state forward_head | cut -c1-160)"
    watch_done posture
    local pulses max_on led_pulses
    pulses=$(watch_field posture 17 pulses)
    max_on=$(watch_field posture 17 max_on_ms)
    led_pulses=$(watch_field posture 27 pulses)
    state_is "$m" forward_head && ((pulses >= 3 && max_on <= 2000 && led_pulses == pulses))
    result $? posture.alert "state forward_head; buzzer (line 17): $(grep sim_gpio17 "$out/watch-posture.txt" | cut -d' ' -f2-); LED (line 27): $(grep sim_gpio27 "$out/watch-posture.txt" | cut -d' ' -f2-)"
    journal_since $edge "$since" | grep -E 'alert|posture' | tail -4

    scene upright
    wait_for 40 state_is "$m" good
    # Check 3, short press: snoozes, a "short" beep, the state carries snoozed_until.
    # A guest starved by its host can still hold a 0.3 s press past the 2 s of
    # a long press (seen under a load average of 8: it calibrated); that press
    # is the harness's, so it is made again, and the result says how long it
    # was. The beep follows the release, so the lines are watched 4 s past it.
    local try
    for try in 1 2 3; do
        m=$(mqtt_mark)
        watch_lines 6 short-press
        press 300
        watch_done short-press
        ((press_ms < 1500)) && break
        say "the short press was held ${press_ms} ms (the guest stalled); pressing again"
        sleep 5
    done
    wait_for 15 mqtt_seen "$m" state '"snoozed_until":"'
    mqtt_seen "$m" state '"snoozed_until":"' && [[ $(watch_field short-press 17 pulses) == 1 ]]
    result $? button.short-press "press held ${press_ms} ms; buzzer $(grep sim_gpio17 "$out/watch-short-press.txt" | cut -d' ' -f2-); $(mqtt_last "$m" state snoozed_until | grep -oE '"snoozed_until":"[^"]+"')"
}

# Check 2, last part, and check 4's `offline`: a clean stop in the middle of a
# beep leaves both lines low and publishes offline.
check_clean_stop() {
    local m
    m=$(mqtt_mark)
    watch_lines 6 stop
    publish_cmd '{"cmd":"buzz_test","id":"vm-stop"}'
    wait_for 10 mqtt_seen "$m" cmd/result '"id":"vm-stop"'
    sleep 0.3
    systemctl stop $edge
    watch_done stop
    wait_for 10 mqtt_seen "$m" availability offline
    local held
    held=$(gpio_info | grep -cw postureguard || true)
    mqtt_seen "$m" availability offline && [[ $(line_value 17) == 0 && $(line_value 27) == 0 && $held == 0 ]] &&
        (($(watch_field stop 17 max_on_ms) <= 1100))
    result $? stop.lines-low "buzz_test then stop: buzzer $(grep sim_gpio17 "$out/watch-stop.txt" | cut -d' ' -f2-); now buzzer=$(line_value 17) LED=$(line_value 27), lines held: $held; $(mqtt_last "$m" availability | cut -d' ' -f2-)"
    grep -E "^[0-9.]+ postureguard/$device/(availability|cmd/result)" "$mqtt_log" | tail -3
    systemctl start $edge
}
